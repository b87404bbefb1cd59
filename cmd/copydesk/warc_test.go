package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httputil"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"

	"github.com/copydesk/copydesk/lint"
)

// jsonReport is what the WARC tests read of a JSON report.
type jsonReport struct {
	Files []struct {
		Path   string `json:"path"`
		Record *struct {
			Archive string `json:"archive"`
			Offset  int64  `json:"offset"`
		} `json:"record"`
		Findings []struct {
			Rule      string `json:"rule"`
			Message   string `json:"message"`
			Line      int    `json:"line"`
			Column    int    `json:"column"`
			Offset    int    `json:"offset"`
			EndOffset int    `json:"end_offset"`
		} `json:"findings"`
	} `json:"files"`
	Errors []struct {
		Path    string `json:"path"`
		Message string `json:"message"`
		Record  *struct {
			Offset int64 `json:"offset"`
		} `json:"record"`
	} `json:"errors"`
}

func decodeReport(t *testing.T, out string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v in:\n%.300s", err, out)
	}
	return r
}

// findingsByPath returns the findings of a report as lines, by path;
// with offsets, the byte offsets too.
func findingsByPath(r jsonReport, offsets bool) map[string][]string {
	out := map[string][]string{}
	for _, f := range r.Files {
		lines := []string{}
		for _, fd := range f.Findings {
			l := fmt.Sprintf("%d:%d %s %s", fd.Line, fd.Column, fd.Rule, fd.Message)
			if offsets {
				l += fmt.Sprintf(" [%d,%d)", fd.Offset, fd.EndOffset)
			}
			lines = append(lines, l)
		}
		out[f.Path] = lines
	}
	return out
}

// warcRecord is one record for writeWARC: a response with its HTTP
// header and body, or another type.
type warcRecord struct {
	typ    gowarc.RecordType
	uri    string
	header string // HTTP status line and header lines, without the blank line
	body   []byte
}

// writeWARC writes the records with gowarc's file writer, compressed or
// not, and returns the file's path.
func writeWARC(t *testing.T, dir string, compress bool, recs []warcRecord) string {
	t.Helper()
	w := gowarc.NewWarcFileWriter(gowarc.WithCompression(compress),
		gowarc.WithFileNameGenerator(&gowarc.PatternNameGenerator{Directory: dir, Pattern: "news.%{ext}s"}))
	for _, r := range recs {
		b := gowarc.NewRecordBuilder(r.typ, gowarc.WithAddMissingDigest(true), gowarc.WithDefaultDigestAlgorithm("sha1"))
		b.AddWarcHeader(gowarc.WarcTargetURI, r.uri)
		b.AddWarcHeaderTime(gowarc.WarcDate, time.Date(2022, 12, 1, 9, 0, 0, 0, time.UTC))
		switch r.typ {
		case gowarc.Response:
			b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
			fmt.Fprintf(b, "%s\r\n\r\n", strings.ReplaceAll(r.header, "\n", "\r\n"))
		case gowarc.Request:
			b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
			fmt.Fprintf(b, "GET / HTTP/1.1\r\nHost: news.test\r\n\r\n")
		default:
			b.AddWarcHeader(gowarc.ContentType, "application/warc-fields")
		}
		if _, err := b.Write(r.body); err != nil {
			t.Fatal(err)
		}
		rec, _, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		for _, res := range w.Write(rec) {
			if res.Err != nil {
				t.Fatal(res.Err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	m, _ := filepath.Glob(filepath.Join(dir, "news.warc*"))
	if len(m) != 1 {
		t.Fatalf("the WARC writer wrote %v", m)
	}
	return m[0]
}

func gzipped(t *testing.T, data []byte) []byte {
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	if _, err := z.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func chunked(data []byte) []byte {
	var b bytes.Buffer
	w := httputil.NewChunkedWriter(&b)
	for len(data) > 0 {
		n := min(len(data), 1000)
		_, _ = w.Write(data[:n]) // into a bytes.Buffer
		data = data[n:]
	}
	_ = w.Close()
	b.WriteString("\r\n")
	return b.Bytes()
}

// TestWARC checks an archive written by gowarc from the test articles:
// each article's findings are those of its file, under its URL, with the
// same byte offsets however the body was sent (gzip, chunked, no
// Content-Type), and each record's offset in the archive leads to it.
func TestWARC(t *testing.T) {
	inRoot(t)
	house := []string{"--config", "testdata/rules/house.copydesk.yml", "--jurisdiction", "ru", "-f", "json"}
	files, _ := filepath.Glob("testdata/articles/*.html")
	_, out, _ := copydesk(t, "", append(append([]string{"check"}, house...), files...)...)
	want := findingsByPath(decodeReport(t, out), true)
	if len(want) != len(files) {
		t.Fatalf("%d files in the report of %d", len(want), len(files))
	}
	url := func(p string) string { return "https://news.test/2022/" + filepath.Base(p) }
	var recs []warcRecord
	for i, p := range files {
		body, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, warcRecord{typ: gowarc.Request, uri: url(p)})
		header := fmt.Sprintf("HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\nContent-Length: %d", len(body))
		switch i % 4 {
		case 1:
			header = "HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: gzip\nTransfer-Encoding: chunked"
			body = chunked(gzipped(t, body))
		case 2:
			header = fmt.Sprintf("HTTP/1.1 200 OK\nContent-Length: %d", len(body)) // sniffed
		case 3:
			header = "HTTP/1.1 200 OK\nContent-Type: TEXT/HTML;charset=no-such-charset\nContent-Encoding: gzip"
			body = gzipped(t, body)
		}
		recs = append(recs, warcRecord{typ: gowarc.Response, uri: url(p), header: header, body: body})
	}
	// Records that are no pages.
	recs = append(recs,
		warcRecord{typ: gowarc.Response, uri: "https://news.test/missing", header: "HTTP/1.1 404 Not Found\nContent-Type: text/html", body: []byte("<p>Not here</p>")},
		warcRecord{typ: gowarc.Response, uri: "https://news.test/logo.png", header: "HTTP/1.1 200 OK\nContent-Type: image/png", body: []byte("\x89PNG\r\n\x1a\n")},
		warcRecord{typ: gowarc.Response, uri: "https://news.test/feed", header: "HTTP/1.1 200 OK", body: []byte(`{"items": []}`)},
		warcRecord{typ: gowarc.Metadata, uri: "https://news.test/", body: []byte("outlinks: x\r\n")},
	)
	// A page sent in windows-1251, its charset only in the HTTP header, as
	// browsers read it.
	ru, err := os.ReadFile("testdata/articles/meduza-ru-foreign-agent.html")
	if err != nil {
		t.Fatal(err)
	}
	ru = regexp.MustCompile(`(?i)<meta charset="?utf-8"?>`).ReplaceAll(ru, nil)
	cp1251, err := encoding.ReplaceUnsupported(charmap.Windows1251.NewEncoder()).Bytes(ru)
	if err != nil {
		t.Fatal(err)
	}
	if ru, err = charmap.Windows1251.NewDecoder().Bytes(cp1251); err != nil { // what the page says in windows-1251
		t.Fatal(err)
	}
	recs = append(recs, warcRecord{typ: gowarc.Response, uri: "https://news.test/cp1251", header: "HTTP/1.1 200 OK\nContent-Type: text/html; charset=windows-1251", body: cp1251})

	for _, compress := range []bool{true, false} {
		dir := t.TempDir()
		archive := rel(t, writeWARC(t, dir, compress, recs))
		code, out, errOut := copydesk(t, "", append(append([]string{"check"}, house...), archive)...)
		if code != 1 {
			t.Fatalf("%s: exit %d: %s", archive, code, errOut)
		}
		rep := decodeReport(t, out)
		got := findingsByPath(rep, true)
		if len(rep.Files) != len(files)+1 || len(rep.Errors) > 0 {
			t.Errorf("%s: %d files and errors %v, want %d files (the articles and the windows-1251 page) and no error", archive, len(rep.Files), rep.Errors, len(files)+1)
		}
		for _, p := range files {
			if g, w := strings.Join(got[url(p)], "\n"), strings.Join(want[p], "\n"); g != w {
				t.Errorf("%s in %s: findings\n%s\nwant those of the file\n%s", url(p), filepath.Base(archive), g, w)
			}
		}
		wantRU := findingsByPath(decodeReport(t, mustCheck(t, append(house, "-"), string(ru))), false)["<stdin>"]
		if g := strings.Join(findingsByPath(rep, false)["https://news.test/cp1251"], "\n"); g != strings.Join(wantRU, "\n") || len(wantRU) == 0 {
			t.Errorf("the windows-1251 page: findings\n%s\nwant those of its UTF-8 text\n%s", g, strings.Join(wantRU, "\n"))
		}
		// The record offset of each file leads to its record; files are in
		// archive order.
		var last int64 = -1
		for _, f := range rep.Files {
			if f.Record == nil || f.Record.Archive != archive || f.Record.Offset <= last {
				t.Fatalf("%s: record %+v, want one in %s after offset %d", f.Path, f.Record, archive, last)
			}
			last = f.Record.Offset
			r, err := gowarc.NewWarcFileReader(archive, f.Record.Offset)
			if err != nil {
				t.Fatal(err)
			}
			rec, err := r.Next()
			if err != nil {
				t.Fatal(err)
			}
			if uri := rec.WarcRecord.WarcHeader().Get(gowarc.WarcTargetURI); uri != f.Path || rec.WarcRecord.Type() != gowarc.Response {
				t.Errorf("%s: the record at offset %d is a %v of %s", f.Path, f.Record.Offset, rec.WarcRecord.Type(), uri)
			}
			rec.Close()
			r.Close()
		}
	}
}

// rel returns a path as reports show it: relative to the working directory.
func rel(t *testing.T, p string) string {
	t.Helper()
	wd, _ := os.Getwd()
	r, err := filepath.Rel(wd, p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// mustCheck runs check with the args and stdin and returns stdout.
func mustCheck(t *testing.T, args []string, stdin string) string {
	t.Helper()
	code, out, errOut := copydesk(t, stdin, append([]string{"check"}, args...)...)
	if code > 1 {
		t.Fatalf("check %q: exit %d: %s", args, code, errOut)
	}
	return out
}

// TestWARCErrors checks damaged and mistaken archives: an error naming
// the archive and the offset, exit 3, and the records before the damage
// still checked; --fix refuses archives.
func TestWARCErrors(t *testing.T) {
	inRoot(t)
	dir := t.TempDir()
	var recs []warcRecord
	for _, name := range []string{"ai-summary.html", "rferl-aleppo.html", "sponsored-travel.html"} {
		body, err := os.ReadFile("testdata/articles/" + name)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, warcRecord{typ: gowarc.Response, uri: "https://news.test/" + name, header: "HTTP/1.1 200 OK\nContent-Type: text/html", body: body})
	}
	archive := rel(t, writeWARC(t, dir, true, recs))
	data, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	cut := rel(t, filepath.Join(dir, "cut.warc.gz"))
	if err := os.WriteFile(cut, data[:len(data)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	notWARC := rel(t, filepath.Join(dir, "page.warc"))
	if err := os.WriteFile(notWARC, []byte("<p>A page named as an archive</p>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := copydesk(t, "", "check", "-f", "json", cut, notWARC)
	rep := decodeReport(t, out)
	if code != lint.ExitInput || len(rep.Files) != 1 || len(rep.Errors) != 2 {
		t.Fatalf("a cut archive and a page named .warc: exit %d, %d files, errors %+v; want 3, one record checked and two errors", code, len(rep.Files), rep.Errors)
	}
	if e := rep.Errors[0]; e.Path != cut || !strings.Contains(e.Message, "the archive was not read past it") || e.Record == nil || e.Record.Offset == 0 {
		t.Errorf("the cut archive's error: %+v", e)
	}
	if e := rep.Errors[1]; e.Path != notWARC || !strings.Contains(e.Message, "not a web archive") {
		t.Errorf("the page named .warc: %+v", e)
	}
	if !strings.Contains(errOut, cut+": cannot read the record at offset") {
		t.Errorf("stderr does not name the cut archive: %s", errOut)
	}
	for _, flag := range []string{"--fix", "--diff"} {
		code, _, errOut := copydesk(t, "", "check", flag, archive)
		if code != lint.ExitConfig || !strings.Contains(errOut, "cannot fix the pages of a web archive ("+archive+")") {
			t.Errorf("%s on an archive: exit %d, %s; want 2", flag, code, errOut)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 3 {
		t.Errorf("files in the directory: %v", m)
	}
}

// TestWgetWARC checks a web archive that wget made of a site served by
// python3 -m http.server: each page's findings are those of its file.
func TestWgetWARC(t *testing.T) {
	inRoot(t)
	for _, tool := range []string{"wget", "python3"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (.ci/run installs wget; apt-get install wget python3)", tool)
		}
	}
	site := t.TempDir()
	files, _ := filepath.Glob("testdata/articles/*.html")
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(site, filepath.Base(p)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	server := exec.CommandContext(ctx, "python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", site, "0")
	stdout, err := server.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = server.Process.Kill()
		_ = server.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	m := regexp.MustCompile(`port (\d+)`).FindStringSubmatch(line)
	if err != nil || m == nil {
		t.Fatalf("http.server said %q (%v)", line, err)
	}
	base := "http://127.0.0.1:" + m[1] + "/"
	out := t.TempDir()
	wget := exec.CommandContext(ctx, "wget", "--no-verbose", "--recursive", "--level=1", "--no-parent", "--tries=3", "--waitretry=1", "--no-proxy",
		"--directory-prefix="+filepath.Join(out, "mirror"), "--warc-file="+filepath.Join(out, "site"), base)
	if msg, err := wget.CombinedOutput(); err != nil {
		t.Fatalf("wget: %v\n%s", err, msg)
	}
	archive := filepath.Join(out, "site.warc.gz")
	house := []string{"--config", "testdata/rules/house.copydesk.yml", "--jurisdiction", "ru", "-f", "json"}
	code, got, errOut := copydesk(t, "", append(append([]string{"check"}, house...), archive)...)
	if code != 1 {
		t.Fatalf("%s: exit %d: %s", archive, code, errOut)
	}
	rep := decodeReport(t, got)
	pages := findingsByPath(rep, true)
	want := findingsByPath(decodeReport(t, mustCheck(t, append(house, files...), "")), true)
	var paths []string
	for _, p := range files {
		paths = append(paths, base+filepath.Base(p))
		if g, w := strings.Join(pages[base+filepath.Base(p)], "\n"), strings.Join(want[p], "\n"); g != w {
			t.Errorf("%s in wget's archive: findings\n%s\nwant those of %s\n%s", base+filepath.Base(p), g, p, w)
		}
	}
	// The directory listing is a page too; nothing else is.
	paths = append(paths, base)
	var gotPaths []string
	for _, f := range rep.Files {
		gotPaths = append(gotPaths, f.Path)
	}
	sort.Strings(paths)
	sort.Strings(gotPaths)
	if strings.Join(gotPaths, " ") != strings.Join(paths, " ") {
		t.Errorf("pages checked in wget's archive:\n%s\nwant\n%s", strings.Join(gotPaths, "\n"), strings.Join(paths, "\n"))
	}
}

// TestMergeWARC checks shards over web archives and files: an archive is
// checked whole by one shard, and the merged reports are the single
// run's, the archives' records at their archives' places.
func TestMergeWARC(t *testing.T) {
	inRoot(t)
	files, _ := filepath.Glob("testdata/articles/*.html")
	dir := t.TempDir()
	var archives []string
	for i := range 3 {
		var recs []warcRecord
		for _, p := range files[i*4 : i*4+5] {
			body, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			// The same page in two archives, under the same URL.
			recs = append(recs, warcRecord{typ: gowarc.Response, uri: "https://news.test/" + filepath.Base(p), header: "HTTP/1.1 200 OK\nContent-Type: text/html", body: body})
		}
		sub := filepath.Join(dir, "a"+fmt.Sprint(i))
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		archives = append(archives, rel(t, writeWARC(t, sub, i != 1, recs)))
	}
	inputs := append(append([]string{}, archives...), files[:6]...)
	run := []string{"check", "--config", "testdata/rules/house.copydesk.yml", "--json-text"}
	single := filepath.Join(dir, "single")
	merged := filepath.Join(dir, "merged")
	for _, d := range []string{single, merged} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	wantCode, _, errOut := copydesk(t, "", append(append(append([]string{}, run...), formatArgs(single)...), inputs...)...)
	if wantCode != 1 {
		t.Fatalf("the single run: exit %d: %s", wantCode, errOut)
	}
	var reports []string
	for k := 1; k <= 3; k++ {
		name := filepath.Join(dir, fmt.Sprintf("shard-%d.json", k))
		reports = append(reports, name)
		args := append(append([]string{}, run...), "--shard", fmt.Sprintf("%d/3", k), "-f", "json="+name)
		if code, _, errOut := copydesk(t, "", append(args, inputs...)...); code > 1 {
			t.Fatalf("shard %d/3: exit %d: %s", k, code, errOut)
		}
	}
	if code, _, errOut := copydesk(t, "", append(append([]string{"merge", "--json-text"}, formatArgs(merged)...), reports...)...); code != wantCode {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	sameReports(t, "3 shards over archives and files", single, merged)
	// The records of each archive at its place among the files, in
	// archive order (three archives are read at once with --jobs 3).
	data, _ := os.ReadFile(filepath.Join(single, "json"))
	rep := decodeReport(t, string(data))
	var order []string
	for _, f := range rep.Files {
		key := f.Path
		if f.Record != nil {
			key = fmt.Sprintf("%s %08d", f.Record.Archive, f.Record.Offset)
		}
		order = append(order, key)
	}
	if len(rep.Files) != 21 || !sort.StringsAreSorted(order) {
		t.Errorf("the single run's report has %d files (want 15 records and 6 files) in this order:\n%s", len(rep.Files), strings.Join(order, "\n"))
	}
	_, jobs3, _ := copydesk(t, "", append(append([]string{}, run...), append([]string{"--jobs", "3", "-f", "json"}, inputs...)...)...)
	if jobs3 != string(data) {
		t.Error("with --jobs 3 (three archives read at once) the report differs")
	}
}
