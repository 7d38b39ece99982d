// The API explorer's start (/api/docs): Swagger UI over the service's OpenAPI schema.
// A file rather than an inline script, so the page's CSP can say script-src 'self'.
"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    displayOperationId: true, // the ids clients generated from the schema name functions by
    validatorUrl: null, // Swagger's online validator badge would load from elsewhere
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
