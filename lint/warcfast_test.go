package lint

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// warcRec is a record for rawWARC: its header lines (without the
// version line; "%d" in one stands for the block's length, and
// "BLOCK"/"PAYLOAD" for its SHA-1 digests) and its block.
type warcRec struct {
	version string // "" for WARC/1.1
	header  []string
	block   string
	end     string // "" for CRLF CRLF
}

func sha1B32(s string) string {
	sum := sha1.Sum([]byte(s))
	return base32.StdEncoding.EncodeToString(sum[:])
}

// bytes returns the record as written.
func (r warcRec) bytes() []byte {
	var b bytes.Buffer
	v := r.version
	if v == "" {
		v = "WARC/1.1\r\n"
	}
	b.WriteString(v)
	payload := r.block
	if i := strings.Index(payload, "\r\n\r\n"); i >= 0 {
		payload = payload[i+4:]
	}
	for _, h := range r.header {
		h = strings.ReplaceAll(h, "%d", fmt.Sprint(len(r.block)))
		h = strings.ReplaceAll(h, "BLOCK", sha1B32(r.block))
		h = strings.ReplaceAll(h, "PAYLOAD", sha1B32(payload))
		b.WriteString(h)
		if !strings.HasSuffix(h, "\n") {
			b.WriteString("\r\n")
		}
	}
	b.WriteString("\r\n")
	b.WriteString(r.block)
	if r.end == "" {
		b.WriteString("\r\n\r\n")
	} else {
		b.WriteString(r.end)
	}
	return b.Bytes()
}

// rawWARC writes records as an archive: plain, or each record a gzip
// member.
func rawWARC(recs []warcRec, gz bool) []byte {
	var out bytes.Buffer
	for _, r := range recs {
		if !gz {
			out.Write(r.bytes())
			continue
		}
		z := gzip.NewWriter(&out)
		_, _ = z.Write(r.bytes())
		_ = z.Close()
	}
	return out.Bytes()
}

// response is a response record of a page as wget writes one.
func response(uri, httpHeader, body string, extra ...string) warcRec {
	return warcRec{header: append([]string{
		"WARC-Type: response",
		"WARC-Record-ID: <urn:uuid:0b7d5e4c-4a43-4a3a-9c7e-6c1f0f0e0a01>",
		"WARC-Warcinfo-ID: <urn:uuid:0b7d5e4c-4a43-4a3a-9c7e-6c1f0f0e0a00>",
		"WARC-Concurrent-To: <urn:uuid:0b7d5e4c-4a43-4a3a-9c7e-6c1f0f0e0a02>",
		"WARC-Target-URI: " + uri,
		"WARC-Date: 2022-12-01T09:00:00Z",
		"WARC-IP-Address: 127.0.0.1",
		"WARC-Block-Digest: sha1:BLOCK",
		"WARC-Payload-Digest: sha1:PAYLOAD",
		"Content-Type: application/http;msgtype=response",
		"Content-Length: %d",
	}, extra...), block: httpHeader + "\r\n\r\n" + body}
}

// warcCases are archives of records, well-formed and not, that the quick
// path must read as gowarc does.
func warcCases() map[string][]warcRec {
	page := "<!doctype html><html><head><title>T</title></head><body><article><p>Moscow, Dec 1. A page.</p></article></body></html>\n"
	html := "HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.7\r\nContent-type: text/html\r\nContent-Length: " + fmt.Sprint(len(page))
	info := warcRec{header: []string{"WARC-Type: warcinfo", "WARC-Record-ID: <urn:uuid:0b7d5e4c-4a43-4a3a-9c7e-6c1f0f0e0a00>", "WARC-Date: 2022-12-01T09:00:00Z", "Content-Type: application/warc-fields", "Content-Length: %d"},
		block: "software: Wget/1.21.4\r\nformat: WARC File Format 1.0\r\n"}
	request := warcRec{header: []string{"WARC-Type: request", "WARC-Target-URI: <http://127.0.0.1:8000/a.html>", "WARC-Record-ID: <urn:uuid:0b7d5e4c-4a43-4a3a-9c7e-6c1f0f0e0a02>", "WARC-Date: 2022-12-01T09:00:00Z", "Content-Type: application/http;msgtype=request", "WARC-Block-Digest: sha1:BLOCK", "Content-Length: %d"},
		block: "GET /a.html HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n"}
	good := response("<http://127.0.0.1:8000/a.html>", html, page)
	with := func(r warcRec, f func(*warcRec)) warcRec {
		r.header = append([]string{}, r.header...)
		f(&r)
		return r
	}
	set := func(name, value string) func(*warcRec) {
		return func(r *warcRec) {
			for i, h := range r.header {
				if strings.HasPrefix(strings.ToLower(h), strings.ToLower(name)+":") {
					if value == "" {
						r.header = append(r.header[:i], r.header[i+1:]...)
					} else {
						r.header[i] = name + ": " + value
					}
					return
				}
			}
			r.header = append(r.header, name+": "+value)
		}
	}
	md5sum := md5.Sum([]byte(good.block))
	sha1sum := sha1.Sum([]byte(good.block))
	cases := map[string][]warcRec{
		"wget":              {info, request, good, response("<http://127.0.0.1:8000/b.html>", html, page)},
		"plain uri":         {with(good, set("WARC-Target-URI", "http://127.0.0.1:8000/a.html"))},
		"bad uri":           {with(good, set("WARC-Target-URI", "not a url"))},
		"no uri":            {with(good, set("WARC-Target-URI", ""))},
		"uri brackets odd":  {with(good, set("WARC-Target-URI", "<http://x/a>b>"))},
		"block damaged":     {info, with(good, set("WARC-Block-Digest", "sha1:"+sha1B32("other"))), good},
		"payload damaged":   {with(good, set("WARC-Payload-Digest", "sha1:"+sha1B32("other")))},
		"no digests":        {with(with(good, set("WARC-Block-Digest", "")), set("WARC-Payload-Digest", ""))},
		"md5 hex":           {with(with(good, set("WARC-Block-Digest", "md5:"+hex.EncodeToString(md5sum[:]))), set("WARC-Payload-Digest", ""))},
		"sha1 hex upper":    {with(with(good, set("WARC-Block-Digest", "SHA-1:"+strings.ToUpper(hex.EncodeToString(sha1sum[:])))), set("WARC-Payload-Digest", ""))},
		"sha1 b32 lower":    {with(good, set("WARC-Block-Digest", "sha1:"+strings.ToLower(sha1B32(good.block))))},
		"unknown digest":    {info, with(good, set("WARC-Block-Digest", "crc32:abcd")), good},
		"unknown digest rq": {with(request, set("WARC-Block-Digest", "crc32:abcd")), good},
		"bad digest value":  {with(good, set("WARC-Block-Digest", "sha1:!!!"))},
		"truncated":         {with(good, set("WARC-Truncated", "length"))},
		"segment":           {with(good, set("WARC-Segment-Number", "1"))},
		"type case":         {with(good, set("WARC-Type", "Response"))},
		"unknown type":      {with(good, set("WARC-Type", "page")), good},
		"no type":           {with(good, set("WARC-Type", "")), good},
		"no length":         {with(good, set("Content-Length", "")), good},
		"length mismatch":   {with(good, set("Content-Length", "20")), good},
		"length long":       {with(good, set("Content-Length", "100000")), good},
		"length plus":       {with(good, set("Content-Length", "+%d")), good},
		"folded":            {with(good, func(r *warcRec) { r.header = append(r.header, "X-Note: a", " b") }), good},
		"encoded word":      {with(good, set("WARC-Target-URI", "=?utf-8?q?http://x/?=")), good},
		"missing cr":        {with(good, func(r *warcRec) { r.header[0] += "\n" }), good},
		"version 1.0":       {with(good, func(r *warcRec) { r.version = "WARC/1.0\r\n" })},
		"version 0.9":       {with(good, func(r *warcRec) { r.version = "WARC/0.9\r\n" }), good},
		"bad end":           {with(good, func(r *warcRec) { r.end = "\r\n" }), good},
		"no end":            {with(good, func(r *warcRec) { r.end = "\n\n" }), good},
		"duplicate type":    {with(good, func(r *warcRec) { r.header = append(r.header, "WARC-Type: request") }), good},
		"http ctype":        {with(good, set("Content-Type", "text/html")), good},
		"tiny block":        {with(good, func(r *warcRec) { r.block = "HT" }), good},
		"tiny request":      {with(request, func(r *warcRec) { r.block = "G" }), good},
		"no http end":       {with(good, func(r *warcRec) { r.block = "HTTP/1.1 200 OK\r\nContent-Type: text/html" }), good},
		"not http":          {with(good, func(r *warcRec) { r.block = "GET / HTTP/1.1\r\n\r\n" + page }), good},
		"bad http":          {with(good, func(r *warcRec) { r.block = "HTTP/x 2000 OK\r\n\r\n" + page }), good},
		"status 404":        {response("<http://x/404>", strings.Replace(html, "200 OK", "404 Not Found", 1), page), good},
		"sniffed":           {response("<http://x/s>", "HTTP/1.1 200 OK", page), response("<http://x/j>", "HTTP/1.1 200 OK", `{"a": 1}`)},
		"image":             {response("<http://x/i.png>", "HTTP/1.1 200 OK\r\nContent-Type: image/png", "\x89PNG\r\n\x1a\n")},
		"charset":           {response("<http://x/c>", "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251", "<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>"), response("<http://x/u>", "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=nonesuch", page)},
		"chunked":           {response("<http://x/ch>", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked", fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(page), page))},
		"bad chunked":       {response("<http://x/ch>", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked", "zz\r\n"+page), good},
		"brotli":            {response("<http://x/br>", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br", page), good},
		"revisit":           {warcRec{header: []string{"WARC-Type: revisit", "WARC-Target-URI: <http://x/a>", "WARC-Date: 2022-12-01T09:00:00Z", "Content-Type: application/http;msgtype=response", "Content-Length: %d"}, block: html + "\r\n\r\n"}, good},
		"empty":             {},
	}
	var many []warcRec
	for i := range 40 {
		many = append(many, request, response(fmt.Sprintf("<http://x/%d>", i), html, strings.Repeat(page, i*20)))
	}
	cases["many"] = many
	return cases
}

// readDocs returns what a run gets of an archive, document by document,
// read with the quick path or by gowarc alone.
func readDocs(t testing.TB, path string, quick bool, maxSize int64) []string {
	e := &Env{}
	var out []string
	e.readArchive(Input{Path: "a.warc", Abs: path, Archive: true}, maxSize, quick, func(doc Input) bool {
		line := fmt.Sprintf("%s %+v charset=%q", doc.Path, doc.Record, doc.Charset)
		if doc.err != nil {
			line += fmt.Sprintf(" error %+v", *doc.err)
		}
		if doc.Read != nil {
			src, err := doc.Read()
			line += fmt.Sprintf(" read %q %v", src, err)
		}
		out = append(out, line)
		return true
	})
	return out
}

// TestWARCQuickPath checks that the quick path reads every archive of
// warcCases — and each of them cut short at every few bytes — as gowarc
// alone reads it: the same documents, places, charsets, bodies and
// errors.
func TestWARCQuickPath(t *testing.T) {
	dir := t.TempDir()
	for name, recs := range warcCases() {
		if name == "block damaged" || name == "payload damaged" {
			// A digest that does not match is an input error of the record.
			path := filepath.Join(dir, "a.warc")
			if err := os.WriteFile(path, rawWARC(recs, true), 0o644); err != nil {
				t.Fatal(err)
			}
			if docs := strings.Join(readDocs(t, path, true, DefaultMaxSize), "\n"); !strings.Contains(docs, "the record is damaged: its sha1 digest does not match its content") {
				t.Errorf("%s: %s", name, docs)
			}
		}
		if name == "wget" || name == "many" {
			// Well-formed: the quick path reads every record itself.
			for _, gz := range []bool{false, true} {
				path := filepath.Join(dir, "a.warc")
				if err := os.WriteFile(path, rawWARC(recs, gz), 0o644); err != nil {
					t.Fatal(err)
				}
				before := warcDeferred.Load()
				if docs := readDocs(t, path, true, DefaultMaxSize); len(docs) == 0 || warcDeferred.Load() != before {
					t.Errorf("%s (gzip %v): %d documents, %d records left to gowarc", name, gz, len(docs), warcDeferred.Load()-before)
				}
			}
		}
		for _, gz := range []bool{false, true} {
			data := rawWARC(recs, gz)
			path := filepath.Join(dir, "a.warc")
			cuts := []int{len(data)}
			if name != "many" {
				for n := 0; n < len(data); n += 1 + len(data)/41 {
					cuts = append(cuts, n)
				}
			}
			for _, n := range cuts {
				if err := os.WriteFile(path, data[:n], 0o644); err != nil {
					t.Fatal(err)
				}
				for _, maxSize := range []int64{DefaultMaxSize, 1000} {
					want := readDocs(t, path, false, maxSize)
					got := readDocs(t, path, true, maxSize)
					if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
						t.Errorf("%s (gzip %v, cut at %d of %d, --max-size %d): the quick path read\n%s\ngowarc read\n%s", name, gz, n, len(data), maxSize, g, w)
					}
				}
			}
		}
	}
}

// FuzzWARCQuickPath compares the quick path with gowarc on archives
// that the fuzzer changes.
func FuzzWARCQuickPath(f *testing.F) {
	for _, recs := range warcCases() {
		f.Add(rawWARC(recs, false))
		f.Add(rawWARC(recs, true))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, fmt.Sprintf("a%d.warc", len(data)))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path)
		want := readDocs(t, path, false, 1000)
		got := readDocs(t, path, true, 1000)
		if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
			t.Errorf("the quick path read\n%s\ngowarc read\n%s", g, w)
		}
	})
}
