package checker

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/internal/benchcpu"
	"github.com/copydesk/copydesk/internal/benchdata"
	"github.com/copydesk/copydesk/rules"
)

// The benchmarks run over the shared corpus (corpus_test.go: 300 real
// pages) when it is there, and over testdata/articles otherwise, saying
// so. BenchmarkTokenizer and BenchmarkHTMLParse
// are the yardsticks: the bare tokenizer and golang.org/x/net/html's
// parser over the same bytes in the same run. Compare MB/s:
//
//	go test -run '^$' -bench . -benchmem ./checker/

// benchCorpus returns the benchmark documents, read once per benchmark.
func benchCorpus(b *testing.B) (files []string, srcs [][]byte, total int64) {
	b.Helper()
	files = corpusFiles()
	switch {
	case len(files) == 0 && corpusRequired():
		b.Fatalf("COPYDESK_REQUIRE_CORPUS=1, but there is no shared corpus at %s", corpusGlob)
	case len(files) == 0:
		b.Logf("no shared corpus at %s: benchmarking testdata/articles instead", corpusGlob)
		files, _ = filepath.Glob("../testdata/articles/*.html")
	}
	if len(files) == 0 {
		b.Skip("no benchmark documents")
	}
	sort.Strings(files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		total += int64(len(src))
	}
	return files, srcs, total
}

// benchEngine compiles the rules of testdata/bench/NAME.copydesk.yml and
// returns the options of a check as the config sets them: the ru
// jurisdiction and its rules: severities (the opt-in rules it turns on).
func benchEngine(b *testing.B, name string) (*Engine, Options) {
	b.Helper()
	cfg, err := rules.LoadConfig("../testdata/bench/" + name + ".copydesk.yml")
	if err != nil {
		b.Fatal(err)
	}
	set, err := rules.Load(cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	e, err := New(set)
	if err != nil {
		b.Fatal(err)
	}
	_, sev := cfg.ForPath("page.html")
	return e, Options{Jurisdictions: []string{"ru"}, Severities: sev}
}

func BenchmarkTokenizer(b *testing.B) {
	_, srcs, total := benchCorpus(b)
	b.SetBytes(total)
	b.ReportAllocs()
	defer benchcpu.Measure(b)()
	for b.Loop() {
		for _, src := range srcs {
			z := html.NewTokenizer(bytes.NewReader(src))
			for z.Next() != html.ErrorToken {
			}
			if z.Err() != io.EOF {
				b.Fatal(z.Err())
			}
		}
	}
}

func BenchmarkHTMLParse(b *testing.B) {
	_, srcs, total := benchCorpus(b)
	b.SetBytes(total)
	b.ReportAllocs()
	defer benchcpu.Measure(b)()
	for b.Loop() {
		for _, src := range srcs {
			if _, err := html.Parse(bytes.NewReader(src)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParse builds copydesk's positioned tree and text model.
func BenchmarkParse(b *testing.B) {
	files, srcs, total := benchCorpus(b)
	b.SetBytes(total)
	b.ReportAllocs()
	defer benchcpu.Measure(b)()
	for b.Loop() {
		for i, src := range srcs {
			if _, err := Parse(files[i], src); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCheck parses and checks every document as copydesk check
// does, with the rules of testdata/bench/packs.copydesk.yml: the default
// packs and the jurisdiction packs, in the ru jurisdiction.
func BenchmarkCheck(b *testing.B) {
	benchCheck(b, "packs")
}

// BenchmarkCheckHouse is BenchmarkCheck with the default packs and the
// house pack of the tests (testdata/bench/house.copydesk.yml), which has
// rules of every kind.
func BenchmarkCheckHouse(b *testing.B) {
	benchCheck(b, "house")
}

func benchCheck(b *testing.B, config string) {
	files, srcs, total := benchCorpus(b)
	e, opts := benchEngine(b, config)
	b.SetBytes(total)
	b.ReportAllocs()
	defer benchcpu.Measure(b)()
	for b.Loop() {
		for i, src := range srcs {
			doc, err := ParseFile(files[i], src)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := e.Check(doc, opts); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// bigArticleSize is the size of the page of the BenchmarkBig… benchmarks.
const bigArticleSize = 100_000_000

// bigArticle returns a 100 MB article made of the bodies of the
// benchmark documents (internal/benchdata), built in memory.
func bigArticle(b *testing.B) []byte {
	b.Helper()
	_, srcs, _ := benchCorpus(b)
	return benchdata.Article(srcs, bigArticleSize)
}

// BenchmarkBigHTMLParse is html.Parse of one 100 MB article: the
// yardstick of BenchmarkBigCheck (which must take under ten times as
// long).
func BenchmarkBigHTMLParse(b *testing.B) {
	src := bigArticle(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	defer benchcpu.Measure(b)()
	for b.Loop() {
		if _, err := html.Parse(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBigCheck parses and checks one 100 MB article with the rules
// of testdata/bench/packs.copydesk.yml.
func BenchmarkBigCheck(b *testing.B) {
	src := bigArticle(b)
	e, opts := benchEngine(b, "packs")
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	defer benchcpu.Measure(b)()
	for b.Loop() {
		doc, err := ParseFile("big.html", src)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Check(doc, opts); err != nil {
			b.Fatal(err)
		}
	}
}
