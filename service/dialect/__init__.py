"""Adobe Experience League Markdown, as markdown-it-py plugins.

``parser.make_parser()`` returns a parser with every rule of the dialect; each rule
lives in its own module, like markdown-it-py's own rules:

- ``frontmatter``: YAML front matter, read leniently (not a markdown-it rule:
  it is split off before parsing so its problems carry file lines);
- ``labels``: ``[!UICONTROL …]`` / ``[!DNL …]`` inline, nested and glued;
- ``alerts``: ``>[!NOTE]`` admonitions, ``>[!VIDEO](url)``, shade boxes;
- ``collapsible``: ``+++ Title`` … ``+++`` as ``<details>``;
- ``anchors``: ``{#anchor}`` heading ids and slugs;
- ``links``: repo links to ``.md`` files (Markdown and raw HTML) and images,
  rewritten;
- ``images``: the same for ``<img src>`` written as raw HTML.

Raw HTML is kept (it carries real content such as access tables) with its
labels marked; :mod:`service.sanitize` cleans every fragment before output.
"""
