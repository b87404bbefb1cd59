package benchdata

import (
	"bytes"
	"testing"
)

func TestArticle(t *testing.T) {
	pages := [][]byte{
		[]byte("<html><BODY class=x><p>One</p></Body></html>"),
		[]byte("<p>no body</p>"),
		[]byte("<body>\xff invalid</body>"),
		[]byte("<body><p>Two</p></body>"),
	}
	a := Article(pages, 300)
	if len(a) < 300 || !bytes.Contains(a, []byte("<p>One</p>\n<p>Two</p>\n<p>One</p>")) || bytes.Contains(a, []byte("invalid")) ||
		!bytes.HasPrefix(a, []byte("<!DOCTYPE html>")) || !bytes.HasSuffix(a, []byte("</html>\n")) {
		t.Errorf("Article = %q", a)
	}
	if a := Article(pages[1:3], 100); bytes.Contains(a, []byte("body>\n<p")) || len(a) > 200 {
		t.Errorf("Article of pages without usable bodies = %q", a)
	}
}
