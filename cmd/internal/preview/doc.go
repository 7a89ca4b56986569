// Package preview makes cc's HTML pages: a draft with its open threads
// beside the words they are about, the board, and a draft's history. Each
// page is one self-contained document (stylesheet and script inline) under
// a Content-Security-Policy that lets through only that stylesheet and
// script, and images only inline: opening a page makes no request unless
// the caller allows remote images, and nothing a draft holds can run.
//
// The same pages are written by cc preview and served by cc serve, whose
// pages add the script that follows the branch. preview reads nothing
// itself: it is given what repo gathered. It must not import gitstore.
package preview
