// Places each thread's box beside its highlighted words: as high as the
// words stand, below the box before it, in one margin column down the page
// (the stylesheet gives the boxes no height of their own there, so a long
// thread never stretches its paragraph). On a narrow screen the boxes stay
// below their paragraph, as the stylesheet puts them.
function ccLayout() {
  document.documentElement.classList.add("cc-js");
  var wide = window.matchMedia("(min-width: 60rem)").matches;
  var article = document.querySelector("article.cc-doc");
  var items = [];
  document.querySelectorAll(".cc-notes .cc-thread").forEach(function (b) { b.style.marginTop = ""; });
  if (article) { article.style.paddingBottom = ""; }
  if (!wide) { return; }
  document.querySelectorAll(".cc-notes").forEach(function (aside) {
    var src = aside.parentNode.querySelector(".cc-src");
    var top = aside.getBoundingClientRect().top + window.scrollY;
    aside.querySelectorAll(".cc-thread").forEach(function (b, i) {
      var id = b.getAttribute("data-t"), mark = null;
      src.querySelectorAll("[data-t]").forEach(function (h) {
        if (!mark && h.getAttribute("data-t").split(" ").indexOf(id) >= 0) { mark = h; }
      });
      items.push({box: b, first: i === 0, asideTop: top, height: b.getBoundingClientRect().height,
        want: mark ? mark.getBoundingClientRect().top + window.scrollY : top});
    });
  });
  var last = -Infinity, natural = 0;
  items.forEach(function (it) {
    if (it.first) { natural = it.asideTop; }
    var top = Math.max(it.want, last + 12, natural);
    it.box.style.marginTop = (top - natural) + "px";
    last = top + it.height;
    natural = last + 12;
  });
  if (article && items.length > 0) {
    var end = article.getBoundingClientRect().bottom + window.scrollY;
    if (last + 16 > end) {
      var pad = parseFloat(window.getComputedStyle(article).paddingBottom);
      article.style.paddingBottom = (pad + last + 16 - end) + "px";
    }
  }
}
// Hovering a box lights up its words, and the other way round.
document.addEventListener("mouseover", function (ev) {
  var el = ev.target.closest ? ev.target.closest("[data-t]") : null;
  document.querySelectorAll(".cc-on").forEach(function (x) { x.classList.remove("cc-on"); });
  if (!el) { return; }
  el.getAttribute("data-t").split(" ").forEach(function (id) {
    document.querySelectorAll("[data-t]").forEach(function (x) {
      if (x.getAttribute("data-t").split(" ").indexOf(id) >= 0) { x.classList.add("cc-on"); }
    });
  });
});
window.addEventListener("resize", ccLayout);
window.addEventListener("load", ccLayout);
ccLayout();
