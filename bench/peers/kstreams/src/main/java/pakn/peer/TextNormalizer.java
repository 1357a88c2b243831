package pakn.peer;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;

/**
 * The two texts pakn derives from a title or a content (classify/normalizer.h), rebuilt with
 * ICU4J:
 *
 * <ul>
 *   <li>{@link #canonical}: default-ignorable and control characters removed, NFC, every run of
 *       White_Space one ASCII space, trimmed;
 *   <li>{@link #searchKey}: from the canonical text, NFKD (so compatibility forms fold like
 *       pakn's: fullwidth letters, ligatures), the nonspacing marks of Latin letters stripped
 *       (Vietnamese tone marks and vowel modifiers), đ/Đ → d, lower case, every run of code
 *       points that are neither letters, digits nor kept marks one ASCII space, trimmed.
 * </ul>
 *
 * <p>pakn's text cleaning (mojibake and VIQR repair, tone placement, look-alikes) has no
 * counterpart here: generated petitions are clean NFC, where both give the same key.
 *
 * <p>Thread safety: stateless; the ICU Normalizer2 instances are immutable and thread-safe.
 */
final class TextNormalizer {
  private static final Normalizer2 NFC = Normalizer2.getNFCInstance();
  private static final Normalizer2 NFKD = Normalizer2.getNFKDInstance();

  private TextNormalizer() {}

  static String canonical(String text) {
    StringBuilder visible = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      boolean space = UCharacter.hasBinaryProperty(c, UProperty.WHITE_SPACE);
      if (!space && (UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT)
          || UCharacter.getType(c) == UCharacterCategory.CONTROL)) {
        continue;
      }
      visible.appendCodePoint(c);
    }
    String nfc = NFC.normalize(visible);
    StringBuilder out = new StringBuilder(nfc.length());
    boolean pendingSpace = false;
    for (int i = 0; i < nfc.length(); ) {
      int c = nfc.codePointAt(i);
      i += Character.charCount(c);
      if (UCharacter.hasBinaryProperty(c, UProperty.WHITE_SPACE)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (pendingSpace) out.append(' ');
      pendingSpace = false;
      out.appendCodePoint(c);
    }
    return out.toString();
  }

  static String searchKey(String canonical) {
    String decomposed = NFKD.normalize(canonical);
    StringBuilder out = new StringBuilder(decomposed.length());
    boolean pendingSpace = false;
    boolean afterLatin = false;  // the last base character was a Latin letter
    for (int i = 0; i < decomposed.length(); ) {
      int c = decomposed.codePointAt(i);
      i += Character.charCount(c);
      int type = UCharacter.getType(c);
      if (type == UCharacterCategory.NON_SPACING_MARK) {
        if (afterLatin) continue;  // a diacritic of a Latin letter: dropped
        out.appendCodePoint(c);    // another script's mark stays with its letter
        continue;
      }
      if (c == 'đ' || c == 'Đ') c = 'd';
      if (UCharacter.isLetter(c) || type == UCharacterCategory.DECIMAL_DIGIT_NUMBER) {
        afterLatin = UCharacter.isLetter(c) && UScript.getScript(c) == UScript.LATIN;
        if (pendingSpace) out.append(' ');
        pendingSpace = false;
        out.appendCodePoint(UCharacter.toLowerCase(c));
      } else {
        afterLatin = false;
        pendingSpace = out.length() > 0;
      }
    }
    return out.toString();
  }
}
