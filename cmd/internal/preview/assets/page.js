// Places each thread's box beside its highlighted words: as high as the
// words stand, below the box before it. On a narrow screen the boxes stay
// below their paragraph, as the stylesheet puts them.
function ccLayout() {
  var wide = window.matchMedia("(min-width: 60rem)").matches;
  document.querySelectorAll(".cc-notes").forEach(function (aside) {
    var boxes = aside.querySelectorAll(".cc-thread");
    boxes.forEach(function (b) { b.style.marginTop = ""; });
    if (!wide) { return; }
    var block = aside.parentNode, base = aside.getBoundingClientRect().top;
    var want = [], height = [];
    boxes.forEach(function (b) {
      var m = null;
      block.querySelector(".cc-src").querySelectorAll("[data-t]").forEach(function (h) {
        if (!m && h.getAttribute("data-t").split(" ").indexOf(b.getAttribute("data-t")) >= 0) { m = h; }
      });
      want.push(m ? m.getBoundingClientRect().top - base : 0);
      height.push(b.getBoundingClientRect().height);
    });
    var y = 0;
    boxes.forEach(function (b, i) {
      var top = Math.max(want[i], y);
      b.style.marginTop = (top - y) + "px";
      y = top + height[i] + 12;
    });
  });
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
