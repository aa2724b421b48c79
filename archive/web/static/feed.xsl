<?xml version="1.0" encoding="utf-8"?>
<!-- A browser's view of the archive's Atom feeds: the entries as a readable page, and how to
     subscribe. Feed readers ignore it. Only text from the feed is shown, escaped by XSLT. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8"/>
  <xsl:template match="/atom:feed">
    <html lang="{@xml:lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/></title>
        <link rel="stylesheet" href="/-/health-archive/archive.css"/>
      </head>
      <body class="feed-view">
        <header class="feed-header">
          <h1><xsl:value-of select="atom:title"/></h1>
          <p><xsl:value-of select="atom:subtitle"/></p>
          <p class="feed-subscribe">
            <xsl:text>⟶ </xsl:text>
            <code class="feed-url"><xsl:value-of select="atom:link[@rel='self']/@href"/></code>
          </p>
          <p><a href="{atom:link[@rel='alternate']/@href}">⟵ <xsl:value-of select="atom:link[@rel='alternate']/@href"/></a></p>
        </header>
        <ol class="hits">
          <xsl:for-each select="atom:entry">
            <li class="hit">
              <a class="hit-title" href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
              <div class="hit-meta">
                <xsl:value-of select="atom:author/atom:name"/>
                <xsl:if test="atom:published"> · <time><xsl:value-of select="substring(atom:published, 1, 10)"/></time></xsl:if>
              </div>
              <p class="hit-snippet feed-summary"><xsl:value-of select="atom:summary"/></p>
            </li>
          </xsl:for-each>
        </ol>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
