// Your own data: a file over the upload limit is refused in the browser, before it is sent,
// with the page's own words (the upload section's data-too-large, in the page's language).
// Sent, it would be a request over the server's body limit, answered by a bare 413 that the
// page could not show. The server checks the size again (dashboard/upload.py).
(function () {
  "use strict";
  function refuse(event, files) {
    var box = event.target && event.target.closest && event.target.closest("[data-max-bytes]");
    if (!box) return;
    var out = box.querySelector(".upload-limit");
    var max = Number(box.getAttribute("data-max-bytes"));
    var big = null;
    for (var i = 0; files && i < files.length; i++) {
      if (files[i].size > max) big = files[i];
    }
    if (out) out.textContent = "";
    if (!big) return;
    // Dash's upload box never sees the file: nothing is read, nothing is sent.
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.type === "change") event.target.value = "";
    if (out) out.textContent = big.name + ": " + box.getAttribute("data-too-large");
  }
  window.addEventListener("change", function (e) {
    if (e.target && e.target.files) refuse(e, e.target.files);
  }, true);
  window.addEventListener("drop", function (e) {
    if (e.dataTransfer) refuse(e, e.dataTransfer.files);
  }, true);
})();
