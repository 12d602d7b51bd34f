// Searchable code pickers: typing "nurse" in an occupation field offers 2221, 3221... from the server.
// Without JavaScript the field still accepts a code typed in full, and a wrong one is answered with suggestions.
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-codes-url");
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) { return; }
      timer = setTimeout(function () {
        var separator = url.indexOf("?") < 0 ? "?" : "&";
        fetch(url + separator + "q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (code) {
              var option = document.createElement("option");
              option.value = code.code;
              option.label = code.code + " " + code.title;
              list.appendChild(option);
            });
          });
      }, 250);
    });
  }
  document.querySelectorAll("input[data-codes-url]").forEach(attach);
})();
