// pakn web view: shows the fields the chosen action uses; the forms work without it.
(function() {
function update(form) {
  var action = form.querySelector('select[name="action"]');
  if (!action) return;
  form.querySelectorAll('.field[data-for]').forEach(function(f) {
    var show = f.getAttribute('data-for').split(' ').indexOf(action.value) >= 0;
    f.hidden = !show;
  });
}
document.addEventListener('DOMContentLoaded', function() {
  document.querySelectorAll('form.act').forEach(function(form) {
    update(form);
    form.querySelector('select[name="action"]').addEventListener('change', function() {
      update(form);
    });
  });
});
})();
