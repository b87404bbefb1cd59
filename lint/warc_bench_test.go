package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/copydesk/copydesk/internal/benchcpu"
)

// corpusPages is where the shared corpus's pages are, from this package.
const corpusPages = "../../shared/corpus/pages/*/*.html"

// corpusArchives writes the corpus pages into a web archive as wget
// --warc-file writes a crawl of them from python3 -m http.server: for
// each page a request record and a response record (HTTP/1.0, the
// server's header, Content-type text/html without a charset), with
// SHA-1 block and payload digests in base32. It returns the pages and
// the archive, gzipped per record and not.
func corpusArchives(b *testing.B) (pages []string, gz, plain string) {
	b.Helper()
	pages, _ = filepath.Glob(corpusPages)
	if len(pages) == 0 {
		if os.Getenv("COPYDESK_REQUIRE_CORPUS") != "" {
			b.Fatalf("COPYDESK_REQUIRE_CORPUS=1, but there is no shared corpus at %s", corpusPages)
		}
		b.Skipf("no shared corpus at %s", corpusPages)
	}
	dir := b.TempDir()
	date := time.Date(2022, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, compress := range []bool{true, false} {
		sub := filepath.Join(dir, fmt.Sprint(compress))
		if err := os.Mkdir(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		w := gowarc.NewWarcFileWriter(gowarc.WithCompression(compress), gowarc.WithMaxFileSize(1<<40),
			gowarc.WithFileNameGenerator(&gowarc.PatternNameGenerator{Directory: sub, Pattern: "site.%{ext}s"}))
		for _, p := range pages {
			body, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			uri := "http://127.0.0.1:8000/" + filepath.Base(filepath.Dir(p)) + "/" + filepath.Base(p)
			for _, typ := range []gowarc.RecordType{gowarc.Request, gowarc.Response} {
				rb := gowarc.NewRecordBuilder(typ, gowarc.WithAddMissingDigest(true), gowarc.WithDefaultDigestAlgorithm("sha1"))
				rb.AddWarcHeader(gowarc.WarcTargetURI, uri)
				rb.AddWarcHeaderTime(gowarc.WarcDate, date)
				if typ == gowarc.Request {
					rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
					fmt.Fprintf(rb, "GET /%s HTTP/1.1\r\nUser-Agent: Wget/1.21.4\r\nAccept: */*\r\nHost: 127.0.0.1:8000\r\nConnection: Keep-Alive\r\n\r\n", uri)
				} else {
					rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
					fmt.Fprintf(rb, "HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.7\r\nDate: Thu, 01 Dec 2022 09:00:00 GMT\r\nContent-type: text/html\r\nContent-Length: %d\r\nLast-Modified: Thu, 01 Dec 2022 08:00:00 GMT\r\n\r\n", len(body))
					if _, err := rb.Write(body); err != nil {
						b.Fatal(err)
					}
				}
				rec, _, err := rb.Build()
				if err != nil {
					b.Fatal(err)
				}
				for _, res := range w.Write(rec) {
					if res.Err != nil {
						b.Fatal(res.Err)
					}
				}
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		m, _ := filepath.Glob(filepath.Join(sub, "site.warc*"))
		if len(m) != 1 {
			b.Fatalf("the WARC writer wrote %v", m)
		}
		if compress {
			gz = m[0]
		} else {
			plain = m[0]
		}
	}
	return pages, gz, plain
}

// BenchmarkWARCRead reads the corpus pages as a run reads them, without
// checking them: from their files, and from a web archive of them (the
// archive's reader and each page's Read), gzipped and not. The bytes per
// second are those of the pages. Compare the archives' CPU time with the
// files' (docs/shards.md, "What it costs").
func BenchmarkWARCRead(b *testing.B) {
	pages, gz, plain := corpusArchives(b)
	var size int64
	for _, p := range pages {
		fi, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		size += fi.Size()
	}
	e := &Env{}
	b.Run("files", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		defer benchcpu.Measure(b)()
		for b.Loop() {
			for _, p := range pages {
				if _, err := e.readInput(p, DefaultMaxSize); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	for _, archive := range []struct{ name, path string }{{"warc.gz", gz}, {"warc", plain}} {
		b.Run(archive.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			defer benchcpu.Measure(b)()
			for b.Loop() {
				n := 0
				e.archiveDocuments(Input{Path: archive.path, Abs: archive.path, Archive: true}, DefaultMaxSize, func(doc Input) bool {
					if doc.err != nil {
						b.Fatal(doc.err.Message)
					}
					if _, err := doc.Read(); err != nil {
						b.Fatal(err)
					}
					n++
					return true
				})
				if n != len(pages) {
					b.Fatalf("%d pages read from %s, want %d", n, archive.name, len(pages))
				}
			}
		})
	}
}
