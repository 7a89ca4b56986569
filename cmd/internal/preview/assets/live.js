// Live view: when the branch moves the server says so, and the page takes
// the new version of itself in place, without a reload, at the same
// scroll position. A page that does not name its commit (a draft's page is
// kept for every commit that leaves the draft alone) takes every tip as
// news.
(function () {
  var busy = false, again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (t) {
      var doc = new DOMParser().parseFromString(t, "text/html");
      var next = doc.querySelector("main"), head = doc.querySelector("header.cc-head");
      if (!next) { return; }
      var x = window.scrollX, y = window.scrollY;
      document.querySelector("main").replaceWith(document.adoptNode(next));
      if (head) { document.querySelector("header.cc-head").replaceWith(document.adoptNode(head)); }
      document.title = doc.title;
      document.body.setAttribute("data-commit", doc.body.getAttribute("data-commit"));
      ccLayout();
      window.scrollTo(x, y);
    }).finally(function () {
      busy = false;
      if (again) { again = false; refresh(); }
    });
  }
  var events = new EventSource("/events");
  events.onopen = function () { document.body.setAttribute("data-live", "on"); };
  events.addEventListener("tip", function (ev) {
    if (ev.data !== document.body.getAttribute("data-commit")) { refresh(); }
  });
})();
