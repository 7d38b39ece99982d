"""The web edge: the JSON API and the HTML pages over the build being served.

- ``deps``: the build, the settings and the language of a request;
- ``errors``: the one error hierarchy and its one handler (problem+json or a page);
- ``edge``: the outermost ASGI layer (limits, HEAD, security headers, what is observed);
- ``httpcache``: ETag, 304, Cache-Control, Vary;
- ``encoding``: gzip over a size, with its own ETag and ``Vary: Accept-Encoding``;
- ``observe``: the JSON access log and ``/metrics``;
- ``schemas``: the OpenAPI models, read off the records;
- ``report``: the quality report as the API and the page group it;
- ``api/``: one router per resource; ``pages/``: one module per page kind;
- ``templates/``, ``static/``: the pages' templates and files.

Pages and API share these modules and never import each other.
"""
