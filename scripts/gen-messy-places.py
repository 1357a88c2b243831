#!/usr/bin/env python3
"""Writes a messy set of place strings, as citizens type them, with the ward codes they must
resolve to: tests/data/messy-places.tsv (province text, ward text, expected ward codes or '-'
for none, category). Random abbreviations, case, dropped diacritics, old pre-2025 names,
province written inside the ward text, typos, and negative cases.

  scripts/gen-messy-places.py ../shared/data/vn-admin-units tests/data/messy-places.tsv

Run once by hand; the output is committed (the project never reads ../shared at run time).
"""
import json, random, unicodedata, sys, collections
random.seed(20250701)
D=sys.argv[1].rstrip('/')+'/'
OUT=sys.argv[2]
units=json.load(open(D+'units-2026-07-25.json'))
old=json.load(open(D+'old-to-new-2025-07-01.json'))['data']
REPAIR={'06970':'06978','23737':'23938'}
def strip(s):
    s=s.replace('đ','d').replace('Đ','D')
    return ''.join(c for c in unicodedata.normalize('NFD',s) if unicodedata.category(c)!='Mn')
def case(s):
    r=random.random()
    return s.lower() if r<0.3 else s.upper() if r<0.4 else s
def dia(s): return strip(s) if random.random()<0.4 else s
prov={p['Code']:p for p in units}
def prov_text(code, oldname=None):
    if oldname:  # "Tỉnh Bình Dương"
        bare=oldname.split(' ',1)[1] if oldname.startswith('Tỉnh ') else oldname.replace('Thành phố ','')
        v=random.choice([oldname,bare,bare,'T. '+bare if False else 'tinh '+bare])
        return case(dia(v))
    p=prov[code]; n=p['Name']
    vs=[n,p['FullName'],n,('TP. ' if p['FullName'].startswith('Thành') else 'Tỉnh ')+n, p['NameEn']]
    if code=='79': vs+=['TP.HCM','TPHCM','HCM','Sài Gòn','TP HCM','Tp. Hồ Chí Minh','Ho Chi Minh City']
    if code=='01': vs+=['HN','Tp. Hà Nội','Hanoi']
    return case(dia(random.choice(vs)))
ABBR={'Phường':['P.','P ','Phường','phường','F.'],'Xã':['X.','Xã','xã','xa'],'Thị trấn':['TT.','Thị trấn','TT '],'Thị Trấn':['TT.','Thị Trấn'],'Đặc khu':['Đặc khu','ĐK '[:0]+'Đặc khu'],'Huyện':['Huyện','H.']}
def ward_text(full):
    for t in sorted(ABBR,key=len,reverse=True):
        if full.lower().startswith(t.lower()+' '):
            name=full[len(t)+1:]
            r=random.random()
            if r<0.35: v=name
            else:
                a=random.choice(ABBR[t])
                sep=' ' if not a.endswith(('.',' ')) else random.choice(['',' ']) if a.endswith('.') else ''
                v=a+sep+name
            v=v.replace('  ',' ')
            if name.isdigit() and random.random()<0.5:
                v=random.choice(['P.%02d'%int(name),'P%s'%name,'phuong %s'%name,'F%s'%name]) if t=='Phường' else v
            return case(dia(v))
    return case(dia(full))
def typo(s):
    letters=[i for i,c in enumerate(s) if c.isalpha()]
    if len(letters)<6: return s
    i=random.choice(letters[1:])
    r=random.random()
    if r<0.5: return s[:i]+s[i+1:]
    if r<0.8 and i+1<len(s) and s[i+1].isalpha(): return s[:i]+s[i+1]+s[i]+s[i+2:]
    return s[:i]+random.choice('aeiounhtg')+s[i+1:]
rows=[]
allw=[(p['Code'],w) for p in units for w in p['Wards']]
oldu=[(op,u) for op in old for u in op['level3s']]
oldname_count=collections.Counter((op['level1_id'],strip(u['name']).lower()) for op,u in oldu)
def emit(pt,wt,codes,cat):
    # sometimes put everything in ward_text
    r=random.random()
    if pt and r<0.15: wt,pt=wt+', '+pt,''
    elif pt and r<0.22: wt,pt=wt+' '+pt,''
    rows.append((pt,wt,' '.join(codes),cat))
for i in range(2000):
    pc,w=random.choice(allw)
    emit(prov_text(pc),ward_text(w['FullName']),[w['Code']],'new')
for i in range(400):
    pc,w=random.choice(allw)
    emit('',ward_text(w['FullName']),[w['Code']],'new-noprov')
for i in range(2100):
    op,u=random.choice(oldu)
    codes=[]
    for s in u['splits']:
        c=REPAIR.get(s['new_id'],s['new_id'])
        if c not in codes: codes.append(c)
    newp=op['splits'][0]['new_id']
    use_old = random.random()<0.6
    pt=prov_text(newp, op['name'] if use_old else None)
    uniq = oldname_count[(op['level1_id'],strip(u['name']).lower())]==1
    cat='old-'+('oldprov' if use_old else 'newprov')+('' if uniq else '-dupname')
    emit(pt,ward_text(u['name']),codes,cat)
for i in range(500):
    pc,w=random.choice(allw)
    emit(prov_text(pc),typo(ward_text(w['FullName'])),[w['Code']],'typo')
# mismatch: a ward name written with a province that has no unit of that name (new or old) -> expect no ward
import itertools
names_in=collections.defaultdict(set)
for p in units:
    for w in p['Wards']: names_in[p['Code']].add(strip(w['Name']).lower())
for op in old:
    for u in op['level3s']: names_in[op['splits'][0]['new_id']].add(strip(u['name'].split(' ',1)[1] if not u['name'].startswith('Thị') else u['name'][9:]).lower())
k=0
while k<300:
    pc,w=random.choice(allw); other=random.choice(units)['Code']
    if strip(w['Name']).lower() in names_in[other]: continue
    rows.append((prov_text(other),ward_text(w['FullName']),'-','mismatch')); k+=1
# pseudo: two real syllables that name no unit of that province (hamlets, streets, made-up)
sylls=sorted({t for p in units for w in p['Wards'] for t in strip(w['Name']).lower().split()})
k=0
while k<300:
    other=random.choice(units)['Code']
    nm=random.choice(sylls)+' '+random.choice(sylls)
    if nm in names_in[other] or len(nm.replace(' ',''))<5: continue
    rows.append((prov_text(other),nm,'-','pseudo')); k+=1
# wrong: ward of one province written with another province -> expect no ward (province only)
with open(OUT,'w') as f:
    for r in rows: f.write('\t'.join(r)+'\n')
print(len(rows), collections.Counter(r[3] for r in rows))
