package lsp

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/lint"
)

// largestPage is the largest page of the shared corpus (cnn.com, 2.9 MB).
const largestPage = "../../shared/corpus/pages/newspaper4k/4.html"

// BenchmarkDidChange measures the time from a didChange (one word typed
// into, or deleted from, the first paragraph) to the publishDiagnostics
// of that version, with the debounce at 0: the latency an editor sees
// on top of the debounce. Beside it, in the same run: lint's check of
// the same bytes alone (what the server adds is the rest) and the
// yardstick of every copydesk benchmark, html.Parse. The config is the
// built-in default (no .copydesk.yml). docs/editors.md gives the numbers:
//
//	go test ./lsp -run '^$' -bench DidChange -benchtime 20x -count 6
func BenchmarkDidChange(b *testing.B) {
	pages := []struct{ name, path string }{
		{"reference", "../testdata/articles/rferl-aleppo.html"},
		{"largest", largestPage},
	}
	for _, p := range pages {
		src, err := os.ReadFile(p.path)
		if err != nil {
			if os.Getenv("COPYDESK_REQUIRE_CORPUS") != "" {
				b.Fatalf("COPYDESK_REQUIRE_CORPUS=1, but %s cannot be read: %v", p.path, err)
			}
			b.Logf("%s: %v: skipped", p.name, err)
			continue
		}
		text := string(src)
		// Where the typing happens: just inside the first paragraph.
		at := strings.Index(text, "<p")
		at += strings.IndexByte(text[at:], '>') + 1

		b.Run(p.name+"/lsp", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			dir := fixture(b, nil)
			c := newClient(b, dir, Options{Debounce: 0}, nil)
			c.initialize(false)
			uri := fileURI(filepath.Join(dir, "article.html"))
			c.open(uri, "html", text)
			c.diagnostics(uri, 1)
			start := c.positionOf(text, at)
			end := start
			end.Character += len("word ")
			v := int32(1)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v++
				change := TextDocumentContentChangeEvent{Range: &Range{start, start}, Text: "word "}
				if i%2 == 1 {
					change = TextDocumentContentChangeEvent{Range: &Range{start, end}, Text: ""}
				}
				c.notify("textDocument/didChange", DidChangeTextDocumentParams{
					TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: v},
					ContentChanges: []TextDocumentContentChangeEvent{change},
				})
				c.diagnostics(uri, v)
			}
			b.StopTimer()
			c.shutdown()
		})
		b.Run(p.name+"/lint-check", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			env := &lint.Env{Dir: b.TempDir()}
			l, err := env.Load("", nil)
			if err != nil {
				b.Fatal(err)
			}
			edited := []byte(text[:at] + "word " + text[at:])
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				doc := src
				if i%2 == 0 {
					doc = edited
				}
				if _, _, ierr := l.CheckDocument(lint.Input{Path: "article.html", Charset: "utf-8"}, doc, nil); ierr != nil {
					b.Fatal(ierr.Message)
				}
			}
		})
		b.Run(p.name+"/html.Parse", func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for i := 0; i < b.N; i++ {
				if _, err := html.Parse(bytes.NewReader(src)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
