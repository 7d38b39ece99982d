// serve --watch: the page reloads when the server serves a new build (a writer's edit
// ingested), and shows the problems of the files just ingested. Server-sent events from
// /_watch/events (service/web/watch.py); a file rather than an inline script, so the
// page's CSP can say script-src 'self'. Text is set as text, never as HTML.
"use strict";
(function () {
  var me = document.currentScript;
  var built = me.getAttribute("data-build");
  var label = me.getAttribute("data-problems");
  var events = new EventSource(me.getAttribute("data-events"));

  events.addEventListener("build", function (event) {
    if (event.data !== built) {
      events.close();
      window.location.reload();
    }
  });

  events.addEventListener("problems", function (event) {
    var problems = JSON.parse(event.data);
    var box = document.getElementById("watch-problems");
    if (box) {
      box.remove();
    }
    if (!problems.length) {
      return;
    }
    box = document.createElement("div");
    box.id = "watch-problems";
    box.className = "notice notice-watch";
    box.setAttribute("role", "alert");
    var title = document.createElement("p");
    title.textContent = label;
    box.appendChild(title);
    var list = document.createElement("ul");
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = problem;
      item.appendChild(code);
      list.appendChild(item);
    });
    box.appendChild(list);
    var main = document.getElementById("main") || document.body;
    main.insertBefore(box, main.firstChild);
  });
})();
