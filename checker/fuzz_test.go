package checker

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/rules"
)

// Fuzz targets (STYLE.md habit 9). Seeds: testdata/fuzz/FuzzX (crashers
// found so far, committed), the test articles, the bad inputs, the HTML of
// the kind tests, hand-written hostile snippets, and, when it is there,
// pages of the shared corpus (corpus_test.go; cut to 16 KB; read at test
// time, not committed, as the corpus may not be republished). Run one with e.g.
//
//	go test ./checker -run '^$' -fuzz '^FuzzCheck$' -fuzztime 10m -parallel 2

// addSeeds adds the seed inputs of the HTML fuzz targets.
func addSeeds(f *testing.F) {
	f.Helper()
	var files []string
	for _, pattern := range []string{"../testdata/articles/*.html", "../testdata/bad/*.html"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	kinds, _ := filepath.Glob("testdata/kinds/*.txtar")
	for _, file := range kinds {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		a := parseArchive(data)
		for _, name := range a.order {
			if strings.HasSuffix(name, ".html") {
				f.Add(a.files[name])
			}
		}
	}
	for _, s := range hostileSeeds {
		f.Add([]byte(s))
	}
	if testing.Short() {
		return
	}
	corpus := corpusFiles()
	switch {
	case len(corpus) == 0 && corpusRequired():
		f.Fatalf("COPYDESK_REQUIRE_CORPUS=1, but there is no shared corpus at %s for the seeds", corpusGlob)
	case len(corpus) == 0:
		f.Logf("no shared corpus at %s: the seeds are the testdata only (see docs/CONTRIBUTING.md)", corpusGlob)
	}
	// Every 15th page: twenty pages of varied sources and charsets.
	for i := 0; i < len(corpus); i += 15 {
		if data, err := os.ReadFile(corpus[i]); err == nil {
			f.Add(data[:min(len(data), 16<<10)])
		}
	}
}

// hostileSeeds are small inputs aimed at the parser's and the decoders'
// edges.
var hostileSeeds = []string{
	"",
	"<",
	"</",
	"<!--",
	"<p",
	"<p a='",
	"&",
	"&#",
	"&#x110000;",
	"&#0;",
	"&amp",
	"<p>&nbsp&nbsp;&</p>",
	"\ufeff",
	"\xff\xfe",
	"\xfe\xff\x00",
	"\xff\xfe<\x00\x00\xd8",
	"<\x00p\x00>\x00",
	"\x00<\x00p\x00>",
	"<meta charset=shift_jis><p>\x81",
	"<meta charset=iso-2022-jp><p>\x1b$B\x1b(B\x1b",
	"<meta charset=gb18030><p>\x81\x30\x81",
	"<meta charset=utf-16><p>x",
	"<meta charset=x-user-defined><p>\xff",
	"<meta http-equiv=content-type content='charset=\"koi8-r'><p>\xf0",
	"<p>a\r\nb\rc\n</p>",
	"<table><tr><td><table><td>x</table>y",
	"<svg><p><math><mi><p>x</math></svg>",
	"<template><p>x</template></p>",
	"<select><option><optgroup><option>x",
	"<a><a><a>x</a>",
	"<p><b><i>x</b>y</i></p>",
	"<h1><h2>x</h1></h2>",
	"<head><p>x</head><body>",
	"<script>x</p>",
	"<textarea></textarea",
	"<plaintext><p>x",
	"<p hidden><p>x",
	"<article><p>(AP) — x</p></article>",
	"<figure><img src=x><figcaption></figcaption></figure>",
	strings.Repeat("<div>", 600) + "x",
	strings.Repeat("<p>", 300),
	strings.Repeat("<b><i>", 300) + "x",
	// Tree construction (tree.go): misnested formatting, fostering,
	// foreign content, implied rows, stray end tags; caps on findings.
	"<a><p>one</a>two</p><span><p>credit</span> line</p>",
	"<table>Photo: AP<tr><td>x<b>y</table>z</b>",
	"<p>With reporting by AP</br>and Reuters</p></p>",
	"<svg><title>t</title><foreignObject><p>x</p></foreignObject></svg><math><mi><b>y</b></mi></math>",
	"<img src=x><body class=a><p>TK</p><frameset>",
	"<select><div><option>a<optgroup><hr></select><template><td>x</template>",
	strings.Repeat("<p>lorem ipsum TK ", 1500),
	strings.Repeat("&amp;", 100),
	"<p>" + strings.Repeat("x ", 500) + "</p>",
	"<!-- copydesk-ignore editorial/duplicate-paragraph -- quoted twice --><p>Same words here, forty characters or more.</p><p>Same words here, forty characters or more.</p>",
	"<!-- copydesk-ignore-file editorial/cms-placeholder,copydesk/unused-suppression -- legacy --><p>16x9 Image</p>",
	"<!-- copydesk-ignore -- no id --><!-- copydesk-ignore x/y --><!-- copydesk-ignorefoo --><!-- copydesk-ignore-all a -- b -->",
	`<figure data-copydesk-ignore="image-credits/figure-credit"><img src=a.jpg></figure><p data-copydesk-ignore="">x</p>`,
}

// FuzzParse checks the structure Parse builds from any bytes: every span
// lies in the file, children inside their parents, blocks map back to
// their source, the offset map of a decoded file covers it monotonically,
// and the tokenizer's raw pieces partition the text the tree is built from.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("fuzz.html", data)
		if err != nil {
			if !errors.Is(err, errUnsupportedEncoding) {
				t.Fatalf("Parse: %v", err)
			}
			return
		}
		if len(data) > 0 && &d.File[0] != &data[0] {
			t.Fatal("File is not the input")
		}
		checkTree(t, d)
		checkOffsetMap(t, d)
		checkRawPartition(t, d.Src)
		for _, off := range []int{0, len(d.Src) / 3, len(d.Src) / 2, len(d.Src)} {
			p := d.Position(off)
			if p.Line < 1 || p.Column < 1 || p.Column16 < p.Column || p.Offset != off {
				t.Fatalf("Position(%d) = %+v", off, p)
			}
		}
		for _, w := range d.Warnings {
			if w.Offset < 0 || w.Offset > len(d.Src) || w.Message == "" {
				t.Fatalf("warning %+v", w)
			}
		}
		// ParseFile refuses some input as not HTML; the rest it reads
		// exactly as Parse does.
		d2, err := ParseFile("fuzz.html", data)
		switch {
		case err != nil && !errors.Is(err, ErrNotHTML):
			t.Fatalf("ParseFile: %v", err)
		case err == nil && (!bytes.Equal(d2.Src, d.Src) || len(d2.Blocks) != len(d.Blocks) || d2.Encoding != d.Encoding):
			t.Fatal("ParseFile and Parse read the input differently")
		}
	})
}

// checkRawPartition checks that the tokenizer's raw pieces concatenate to
// src exactly: the builder takes the offset of each token as the running
// sum of their lengths.
func checkRawPartition(t *testing.T, src []byte) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(src))
	var all []byte
	for {
		tt := z.Next()
		all = append(all, z.Raw()...)
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatalf("tokenizer: %v", z.Err())
			}
			break
		}
	}
	if !bytes.Equal(all, src) {
		t.Fatalf("raw pieces (%d bytes) do not partition the input (%d bytes)", len(all), len(src))
	}
}

// allPacks loads every built-in pack and the house pack of
// testdata/rules, with the vars they need.
func allPacks() (*rules.Set, error) {
	cfg := rules.DefaultConfig()
	cfg.Dir = "../testdata/rules"
	cfg.Packs = nil
	for _, name := range append([]string{rules.DefaultPack}, rules.BuiltinNames()...) {
		cfg.Packs = append(cfg.Packs, rules.PackRef{Name: rules.BuiltinPrefix + name})
	}
	cfg.Packs = append(cfg.Packs, rules.PackRef{Name: "house.yml"})
	cfg.Vars["publisher"] = rules.Var{Values: []string{"RFE/RL"}}
	cfg.Vars["agent"] = rules.Var{Values: []string{"«Медуза»"}}
	return rules.Load(cfg, nil)
}

// fuzzEngine is the engine of FuzzCheck: every built-in pack and the
// house pack (allPacks), built once.
var fuzzEngine = sync.OnceValues(func() (*Engine, error) {
	set, err := allPacks()
	if err != nil {
		return nil, err
	}
	return New(set)
})

// FuzzCheck runs every built-in pack and the house pack on any input:
// no error (an error is an invalid fix, a bug in a kind), every finding's
// span and positions valid in the file as read, every fix applicable in
// the file's encoding, giving bytes that parse again, the same findings
// when the same input is checked twice, and fixing as --fix does gives a
// file that fixing again leaves alone.
func FuzzCheck(f *testing.F) {
	addSeeds(f)
	eng, err := fuzzEngine()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseFile("fuzz.html", data)
		if err != nil {
			return // not HTML, or an encoding browsers refuse
		}
		opts := Options{Jurisdictions: []string{"ru"}}
		fs, err := eng.Check(d, opts)
		if err != nil {
			t.Fatalf("Check: %v", err)
		}
		// The caps (limit.go): at most the cap of a rule and one finding
		// for the rest, at most the file's cap and one finding for the rest.
		byRule := map[string]int{}
		for i := range fs {
			byRule[fs[i].Rule.ID]++
			if byRule[fs[i].Rule.ID] > DefaultMaxPerRule+1 {
				t.Fatalf("%d findings of %s, over the cap", byRule[fs[i].Rule.ID], fs[i].Rule.ID)
			}
		}
		if len(fs) > DefaultMaxFindings+1 {
			t.Fatalf("%d findings, over the cap", len(fs))
		}
		var all []Edit
		for i := range fs {
			fd := &fs[i]
			checkFinding(t, d, fd)
			if fd.Fix == nil {
				continue
			}
			out, err := d.Apply(fd.Fix.Edits)
			if err != nil {
				odd := strings.HasPrefix(d.Encoding, "utf-16") && len(d.File)%2 != 0
				if !errors.Is(err, ErrUnwritable) || d.Encoding != "iso-2022-jp" && !odd {
					t.Fatalf("%s: fix cannot be applied: %v", fd.Rule.ID, err)
				}
				continue
			}
			if _, err := ParseFile("fixed.html", out); err != nil {
				t.Fatalf("%s: fixed file does not parse: %v\ninput %.200q\nfixed %.300q", fd.Rule.ID, err, data, out)
			}
			all = appendDisjoint(all, fd.Fix.Edits)
		}
		checkReading(t, eng.Reading(d), fs)
		// All fixes that do not conflict, applied at once as --fix does.
		sort.SliceStable(all, func(i, j int) bool { return all[i].Start < all[j].Start })
		if out, err := d.Apply(all); err == nil {
			if _, err := ParseFile("fixed.html", out); err != nil {
				t.Fatalf("file with every fix does not parse: %v", err)
			}
		}
		// The same input again, from a fresh parse.
		d2, err := ParseFile("fuzz.html", data)
		if err != nil {
			t.Fatal(err)
		}
		fs2, err := eng.Check(d2, opts)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := findingsKey(fs), findingsKey(fs2); a != b {
			t.Fatalf("second check differs:\n%s\nvs\n%s", a, b)
		}
		// Fixing as --fix does: the result parses, and unless fixing
		// stopped early (and says why), fixing it again changes nothing.
		fixer := &Fixer{Check: func(file []byte) (*Document, []Finding, error) {
			d, err := ParseFile("fuzz.html", file)
			if err != nil {
				return nil, nil, err
			}
			fs, err := eng.Check(d, opts)
			return d, fs, err
		}}
		res, err := fixer.Fix(d2, fs2)
		if err != nil {
			if !errors.Is(err, ErrUnwritable) {
				t.Fatalf("Fix: %v", err)
			}
			return
		}
		if res.Passes > 0 && res.Stopped == "" {
			again, err := fixer.Fix(res.Doc, res.Findings)
			if err != nil {
				t.Fatalf("fixing the fixed file again: %v", err)
			}
			if again.Passes != 0 {
				t.Fatalf("fixing the fixed file again changes it (%d passes)\ninput %.300q\nfixed %.300q", again.Passes, data, res.Doc.File)
			}
		}
	})
}

// checkFinding checks a finding's span, positions and fix against the
// document it came from.
func checkFinding(t *testing.T, d *Document, f *Finding) {
	t.Helper()
	n := len(d.File)
	if f.Span.Start < 0 || f.Span.Start > f.Span.End || f.Span.End > n {
		t.Fatalf("%s: span %v outside the file (%d bytes)", f.Rule.ID, f.Span, n)
	}
	if f.Start.Offset != f.Span.Start || f.End.Offset != f.Span.End {
		t.Fatalf("%s: positions at %d-%d, span %v", f.Rule.ID, f.Start.Offset, f.End.Offset, f.Span)
	}
	if f.Start.Line < 1 || f.Start.Column < 1 || f.End.Line < f.Start.Line || f.End.Line == f.Start.Line && f.End.Column < f.Start.Column {
		t.Fatalf("%s: positions %+v to %+v", f.Rule.ID, f.Start, f.End)
	}
	if f.Message == "" || f.Severity == rules.SevOff {
		t.Fatalf("%s: message %q severity %v", f.Rule.ID, f.Message, f.Severity)
	}
	if f.Fix == nil {
		return
	}
	if len(f.Fix.Edits) == 0 {
		t.Fatalf("%s: fix without edits", f.Rule.ID)
	}
	prev := -1
	for _, e := range f.Fix.Edits {
		if e.Start < 0 || e.Start > e.End || e.End > n || e.Start < prev {
			t.Fatalf("%s: edits %+v invalid in a file of %d bytes", f.Rule.ID, f.Fix.Edits, n)
		}
		prev = e.End
	}
}

// appendDisjoint adds edits to all unless one overlaps an edit already
// there (a conflicting fix is skipped).
func appendDisjoint(all, edits []Edit) []Edit {
	for _, e := range edits {
		for _, a := range all {
			if e.Start < a.End && a.Start < e.End || e.Start == a.Start {
				return all
			}
		}
	}
	return append(all, edits...)
}

// findingsKey describes findings completely, for comparing two runs.
func findingsKey(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %v %+v %+v %q %q %v\n", f.Rule.ID, f.Severity, f.Start, f.End, f.Message, f.Match, f.Suppressed)
		if f.Fix != nil {
			fmt.Fprintf(&b, "  fix %q %+v\n", f.Fix.Message, f.Fix.Edits)
		}
	}
	return b.String()
}
