package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/testdiff"
	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// syncBuffer is a bytes.Buffer that handlers may log to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// testOptions are the serve defaults, over the house rules.
func testOptions() Options {
	return Options{
		Addr:            "127.0.0.1:0",
		Config:          "testdata/rules/house.copydesk.yml",
		FailOn:          rules.SevError,
		MaxBody:         10 << 20,
		Concurrency:     2,
		Queue:           8,
		ReadTimeout:     30 * time.Second,
		WriteTimeout:    60 * time.Second,
		ShutdownTimeout: 30 * time.Second,
		Tool:            lint.Tool(""),
	}
}

// inRoot makes the repository root the working directory of the test.
func inRoot(t *testing.T) {
	t.Helper()
	t.Chdir("..")
}

// testEnv is the process of a test server, from the working directory;
// what it prints goes to stderr.
func testEnv(tb testing.TB, stderr io.Writer) *lint.Env {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	return &lint.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: stderr, Getenv: func(string) string { return "" }, Dir: dir}
}

// testServer makes a server from the repository root with options o; its
// JSON log goes to the returned buffer.
func testServer(t *testing.T, o Options) (*Server, *syncBuffer) {
	t.Helper()
	var stderr bytes.Buffer
	logs := &syncBuffer{}
	s, err := New(testEnv(t, &stderr), o, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatalf("New: %v\n%s", err, stderr.String())
	}
	return s, logs
}

func readArticle(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata/articles", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// request is one request of a handler test.
type request struct {
	method, target, contentType, body string
	header                            map[string]string
	chunked                           bool // no Content-Length
}

func (r request) do(h http.Handler) *httptest.ResponseRecorder {
	method := r.method
	if method == "" {
		method = http.MethodPost
	}
	req := httptest.NewRequest(method, r.target, strings.NewReader(r.body))
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	if r.chunked {
		req.ContentLength = -1
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// summary is the part of the JSON report the tests look at.
type summary struct {
	Files []struct {
		Path     string `json:"path"`
		Findings []struct {
			Rule string `json:"rule"`
		} `json:"findings"`
	} `json:"files"`
	Errors  []report.InputError `json:"errors"`
	Summary struct {
		Findings int    `json:"findings"`
		FailOn   string `json:"fail_on"`
		Pass     *bool  `json:"pass"`
	} `json:"summary"`
}

func (s summary) rules() string {
	var ids []string
	for _, f := range s.Files {
		for _, fd := range f.Findings {
			ids = append(ids, fd.Rule)
		}
	}
	return strings.Join(ids, " ")
}

func TestServeCheck(t *testing.T) {
	inRoot(t)
	s, _ := testServer(t, testOptions())
	h := s.handler()
	story := readArticle(t, "rferl-aleppo.html")
	clean := readArticle(t, "rferl-aleppo-clean.html")
	asJSON := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	footer := "<html><body><article><h1>Title</h1><p>Text.</p></article><footer><p>About us</p></footer></body></html>"
	// "Привет" in windows-1251: invalid UTF-8 unless the charset is sent.
	cp1251 := "<article><p>\xcf\xf0\xe8\xe2\xe5\xf2, TK</p></article>"
	tests := []struct {
		name  string
		req   request
		path  string // want files[0].path
		rules string // want the findings' rule ids, in order
		pass  bool
	}{
		{"reference story", request{target: "/v1/check?path=news/aleppo.html", contentType: "text/html; charset=utf-8", body: story},
			"news/aleppo.html", "house/no-duplicate-paragraphs house/figure-credit house/cms-placeholder", false},
		{"clean story", request{target: "/v1/check", contentType: "text/html", body: clean}, "article.html", "", true},
		{"fail_on none", request{target: "/v1/check?fail_on=none", contentType: "text/html", body: story},
			"article.html", "house/no-duplicate-paragraphs house/figure-credit house/cms-placeholder", true},
		{"jurisdiction in the query", request{target: "/v1/check?jurisdiction=ru", contentType: "text/html", body: footer},
			"article.html", "house/undesirable-notice house/undesirable-notice", false},
		{"no jurisdiction", request{target: "/v1/check", contentType: "text/html", body: footer}, "article.html", "", true},
		{"JSON body", request{target: "/v1/check", contentType: "application/json",
			body: asJSON(map[string]any{"html": footer, "path": "ru/story.html", "jurisdictions": []string{"ru"}})},
			"ru/story.html", "house/undesirable-notice house/undesirable-notice", false},
		{"JSON body, fail_on warning", request{target: "/v1/check?fail_on=warning&path=q.html", contentType: "application/json",
			body: asJSON(map[string]any{"html": clean})}, "q.html", "", true},
		{"charset in Content-Type", request{target: "/v1/check", contentType: "text/html; charset=windows-1251", body: cp1251}, "article.html", "house/one-headline", true},
		{"no charset in Content-Type", request{target: "/v1/check", contentType: "text/html", body: cp1251}, "article.html", "house/one-headline copydesk/parse-warning", true},
		{"head", request{method: http.MethodHead, target: "/healthz"}, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.req.do(h)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", w.Code, w.Body)
			}
			if tt.req.method == http.MethodHead {
				return
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			var got summary
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatalf("%v\n%s", err, w.Body)
			}
			if len(got.Files) != 1 || got.Files[0].Path != tt.path {
				t.Fatalf("files %+v, want one, %s", got.Files, tt.path)
			}
			if r := got.rules(); r != tt.rules {
				t.Errorf("findings %q, want %q", r, tt.rules)
			}
			if got.Summary.Pass == nil || *got.Summary.Pass != tt.pass {
				t.Errorf("summary.pass %v, want %v", got.Summary.Pass, tt.pass)
			}
		})
	}
}

func TestServeCheckSARIF(t *testing.T) {
	inRoot(t)
	s, _ := testServer(t, testOptions())
	story := readArticle(t, "rferl-aleppo.html")
	for _, req := range []request{
		{target: "/v1/check?format=sarif", contentType: "text/html", body: story},
		{target: "/v1/check", contentType: "text/html", body: story, header: map[string]string{"Accept": "application/sarif+json"}},
	} {
		w := req.do(s.handler())
		if _, ok := report.Lookup("sarif"); !ok {
			if w.Code != http.StatusNotAcceptable || !strings.Contains(w.Body.String(), `format \"sarif\" is not available`) {
				t.Errorf("without a sarif format: status %d, %s", w.Code, w.Body)
			}
			continue
		}
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/sarif+json") {
			t.Errorf("status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
		}
		var doc struct {
			Version string `json:"version"`
			Runs    []struct {
				Results []any `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil || doc.Version != "2.1.0" || len(doc.Runs) != 1 || len(doc.Runs[0].Results) != 3 {
			t.Errorf("not a SARIF log with 3 results (%v):\n%.300s", err, w.Body)
		}
	}
}

// TestServeCheckHTML asks for the html report, for a CMS preview pane:
// the page check -f html writes for the same article, with the page's
// Content-Security-Policy as a header too.
func TestServeCheckHTML(t *testing.T) {
	inRoot(t)
	o := testOptions()
	s, _ := testServer(t, o)
	story := "testdata/articles/rferl-aleppo.html"
	w := request{target: "/v1/check?format=html&path=" + story, contentType: "text/html", body: readArticle(t, "rferl-aleppo.html")}.do(s.handler())
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/html; charset=utf-8" ||
		w.Header().Get("Content-Security-Policy") != report.HTMLContentSecurityPolicy() {
		t.Fatalf("status %d, Content-Type %q, Content-Security-Policy %q", w.Code, w.Header().Get("Content-Type"), w.Header().Get("Content-Security-Policy"))
	}
	var page bytes.Buffer
	env := testEnv(t, io.Discard)
	env.Stdout = &page
	html, _ := report.Lookup("html")
	err := lint.Run(context.Background(), env, lint.Options{Config: o.Config, Select: lint.Selection{Args: []string{story}},
		Outputs: []lint.Output{{Format: html}}, FailOn: o.FailOn, Jobs: 1, Tool: o.Tool})
	if lint.ExitCode(err) != lint.ExitFindings {
		t.Fatalf("check -f html: %v", err)
	}
	if w.Body.String() != page.String() {
		t.Errorf("serve and check -f html write different pages:\n%s", testdiff.FirstLine(page.String(), w.Body.String()))
	}
	if n := strings.Count(page.String(), `<div class="f s-`); n != 3 {
		t.Errorf("%d findings on the page, want 3", n)
	}
}

// TestServeStatus has a request for every status code the service
// answers with, and checks the code, the error message and the headers
// that go with it.
func TestServeStatus(t *testing.T) {
	inRoot(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("s3cret-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	small := testOptions()
	small.MaxBody = 100
	authed := testOptions()
	authed.TokenFile = tokenFile
	open, _ := testServer(t, testOptions())
	limited, _ := testServer(t, small)
	guarded, _ := testServer(t, authed)
	failing, _ := testServer(t, testOptions())
	failing.checkDoc = func(_ *lint.Linter, in lint.Input, _ []byte, _ []string) (report.File, *report.InputError) {
		return report.File{}, &report.InputError{Path: in.Path, Message: "binary file"}
	}
	panicking, _ := testServer(t, testOptions())
	panicking.checkDoc = func(*lint.Linter, lint.Input, []byte, []string) (report.File, *report.InputError) {
		panic("boom")
	}
	html := "<article><p>Text.</p></article>"
	bearer := func(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

	tests := []struct {
		name   string
		s      *Server
		req    request
		code   int
		body   string            // substring
		header map[string]string // exact values
	}{
		{"200 check", open, request{target: "/v1/check", contentType: "text/html", body: html}, 200, `"pass": true`, nil},
		{"200 rules", open, request{method: "GET", target: "/v1/rules"}, 200, `"id":"house/figure-credit"`, nil},
		{"200 healthz", open, request{method: "GET", target: "/healthz"}, 200, `"status":"ok"`, nil},
		{"200 metrics", open, request{method: "GET", target: "/metrics"}, 200, "# TYPE copydesk_http_requests_total counter",
			map[string]string{"Content-Type": "text/plain; version=0.0.4; charset=utf-8"}},
		{"200 with the token", guarded, request{target: "/v1/check", contentType: "text/html", body: html, header: bearer("s3cret-token")}, 200, `"pass": true`, nil},
		{"200 healthz needs no token", guarded, request{method: "GET", target: "/healthz"}, 200, `"status":"ok"`, nil},
		{"200 bearer is case-insensitive", guarded, request{method: "GET", target: "/v1/rules", header: map[string]string{"Authorization": "bearer s3cret-token"}}, 200, "house/", nil},

		{"400 unknown parameter", open, request{target: "/v1/check?jurisdictions=ru", contentType: "text/html", body: html}, 400, `unknown query parameter \"jurisdictions\"`, nil},
		{"400 repeated parameter", open, request{target: "/v1/check?path=a.html&path=b.html", contentType: "text/html", body: html}, 400, `\"path\" is given more than once`, nil},
		{"400 format", open, request{target: "/v1/check?format=xml", contentType: "text/html", body: html}, 400, `format \"xml\": expected json, sarif or html`, nil},
		{"400 fail_on", open, request{target: "/v1/check?fail_on=fatal", contentType: "text/html", body: html}, 400, `fail_on \"fatal\"`, nil},
		{"400 jurisdiction", open, request{target: "/v1/check?jurisdiction=RU", contentType: "text/html", body: html}, 400, `jurisdiction \"RU\": expected an ISO 3166`, nil},
		{"400 jurisdiction in JSON", open, request{target: "/v1/check", contentType: "application/json", body: `{"html": "x", "jurisdictions": ["russia"]}`}, 400, `jurisdiction \"russia\"`, nil},
		{"400 path", open, request{target: "/v1/check?path=a%0Ab.html", contentType: "text/html", body: html}, 400, "path: contains a control character", nil},
		{"400 bad JSON", open, request{target: "/v1/check", contentType: "application/json", body: `{"html": `}, 400, "JSON body: unexpected EOF", nil},
		{"400 JSON unknown field", open, request{target: "/v1/check", contentType: "application/json", body: `{"html": "x", "jurisdiction": ["ru"]}`}, 400, `JSON body: unknown field \"jurisdiction\"`, nil},
		{"400 JSON without html", open, request{target: "/v1/check", contentType: "application/json", body: `{"path": "a.html"}`}, 400, `\"html\" is required`, nil},
		{"400 JSON key in another case", open, request{target: "/v1/check", contentType: "application/json", body: `{"HTML": "x"}`}, 400, `unknown field \"HTML\"`, nil},
		{"400 JSON key given twice", open, request{target: "/v1/check", contentType: "application/json", body: `{"html": "x", "html": "y"}`}, 400, `key \"html\" is given more than once`, nil},
		{"400 query with a semicolon", open, request{target: "/v1/check?path=a;path=b", contentType: "text/html", body: "<p>x</p>"}, 400, "malformed query string", nil},
		{"400 query with a bad escape", open, request{target: "/v1/check?path=%zz", contentType: "text/html", body: "<p>x</p>"}, 400, "malformed query string", nil},
		{"400 JSON with trailing data", open, request{target: "/v1/check", contentType: "application/json", body: `{"html": "x"} {}`}, 400, "unexpected data after the JSON value", nil},
		{"400 JSON wrong type", open, request{target: "/v1/check", contentType: "application/json", body: `{"html": 1}`}, 400, "JSON body: cannot unmarshal number", nil},

		{"401 no token", guarded, request{target: "/v1/check", contentType: "text/html", body: html}, 401, "missing or wrong bearer token",
			map[string]string{"WWW-Authenticate": `Bearer realm="copydesk"`}},
		{"401 wrong token", guarded, request{target: "/v1/check", contentType: "text/html", body: html, header: bearer("s3cret-tokem")}, 401, "missing or wrong bearer token", nil},
		{"401 token prefix", guarded, request{target: "/v1/check", contentType: "text/html", body: html, header: bearer("s3cret")}, 401, "missing or wrong bearer token", nil},
		{"401 basic auth", guarded, request{method: "GET", target: "/v1/rules", header: map[string]string{"Authorization": "Basic czNjcmV0LXRva2Vu"}}, 401, "bearer token", nil},
		{"401 metrics", guarded, request{method: "GET", target: "/metrics"}, 401, "bearer token", nil},

		{"404", open, request{method: "GET", target: "/v2/check"}, 404, "/v2/check: no such endpoint", nil},
		{"404 trailing slash", open, request{target: "/v1/check/", contentType: "text/html", body: html}, 404, "no such endpoint", nil},

		{"405 GET check", open, request{method: "GET", target: "/v1/check"}, 405, "GET /v1/check: method not allowed", map[string]string{"Allow": "POST"}},
		{"405 POST healthz", open, request{target: "/healthz", contentType: "text/html", body: html}, 405, "method not allowed", map[string]string{"Allow": "GET, HEAD"}},
		{"405 before auth", guarded, request{method: "DELETE", target: "/v1/rules"}, 405, "method not allowed", nil},

		{"413 Content-Length", limited, request{target: "/v1/check", contentType: "text/html", body: strings.Repeat("x", 101)}, 413, "(101 bytes) is larger than the limit of 100 bytes", nil},
		{"413 chunked", limited, request{target: "/v1/check", contentType: "text/html", body: strings.Repeat("x", 101), chunked: true}, 413, "larger than the limit of 100 bytes", nil},
		{"200 at the limit", limited, request{target: "/v1/check", contentType: "text/html", body: strings.Repeat("x", 100), chunked: true}, 200, `"pass": true`, nil},

		{"415 no Content-Type", open, request{target: "/v1/check", body: html}, 415, "no Content-Type", nil},
		{"415 form", open, request{target: "/v1/check", contentType: "application/x-www-form-urlencoded", body: html}, 415, "send the article as text/html", nil},
		{"415 malformed", open, request{target: "/v1/check", contentType: "text/html; charset", body: html}, 415, `Content-Type \"text/html; charset\"`, nil},
		{"415 unknown charset", open, request{target: "/v1/check", contentType: "text/html; charset=klingon", body: html}, 415, `unsupported charset \"klingon\"`, nil},

		{"422 binary document", open, request{target: "/v1/check?path=logo.png", contentType: "text/html", body: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"}, 422, `"path": "logo.png"`, nil},
		{"422 over the node budget", open, request{target: "/v1/check?path=tiny.html", contentType: "text/html", body: strings.Repeat("<p>a\n", 140_000)}, 422, `"message": "too many elements: more than 271875 elements, text nodes and attributes`, nil},
		{"422 unreadable document", failing, request{target: "/v1/check?path=x.html", contentType: "text/html", body: html}, 422, `"message": "binary file"`, nil},
		{"500 panic", panicking, request{target: "/v1/check", contentType: "text/html", body: html}, 500, `{"error":"internal error"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.req.do(tt.s.handler())
			if w.Code != tt.code {
				t.Errorf("status %d, want %d: %s", w.Code, tt.code, w.Body)
			}
			if !strings.Contains(w.Body.String(), tt.body) {
				t.Errorf("body lacks %s:\n%s", tt.body, w.Body)
			}
			for k, v := range tt.header {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			if w.Code >= 400 && w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
				t.Errorf("error with Content-Type %q", w.Header().Get("Content-Type"))
			}
		})
	}
}

// TestServeSaturated fills the admission queue and the check slots by
// hand: a request beyond the queue gets 503 with Retry-After, and one
// whose client leaves while it waits for a slot gets 499.
func TestServeSaturated(t *testing.T) {
	inRoot(t)
	o := testOptions()
	o.Concurrency, o.Queue = 1, 1
	s, logs := testServer(t, o)
	html := request{target: "/v1/check", contentType: "text/html", body: "<p>Text.</p>"}

	s.work <- struct{}{} // a check is running
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodPost, html.target, strings.NewReader(html.body)).WithContext(ctx)
	req.Header.Set("Content-Type", "text/html")
	w := httptest.NewRecorder()
	s.handler().ServeHTTP(w, req)
	if w.Code != statusClientClosed {
		t.Errorf("client gone while waiting: status %d, want 499", w.Code)
	}

	s.admit <- struct{}{} // and one waits: the queue is full
	s.admit <- struct{}{}
	w = html.do(s.handler())
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != "1" || !strings.Contains(w.Body.String(), "busy") {
		t.Errorf("saturated: status %d, Retry-After %q, %s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	// Other endpoints still answer.
	if w := (request{method: "GET", target: "/healthz"}).do(s.handler()); w.Code != http.StatusOK {
		t.Errorf("healthz while saturated: %d", w.Code)
	}
	<-s.admit
	<-s.admit
	<-s.work
	if w := html.do(s.handler()); w.Code != http.StatusOK {
		t.Errorf("after the load: status %d: %s", w.Code, w.Body)
	}
	if !strings.Contains(logs.String(), `"status":503`) {
		t.Errorf("503 not in the access log:\n%s", logs)
	}
}

// TestIsLoopback checks which listen addresses take connections from
// this machine only (serve's options refuse others without a token).
func TestIsLoopback(t *testing.T) {
	for _, tt := range []struct {
		addr     string
		loopback bool
		err      bool
	}{
		{"127.0.0.1:8080", true, false},
		{"127.1.2.3:8080", true, false},
		{"[::1]:8080", true, false},
		{"localhost:0", true, false},
		{":8080", false, false},
		{"0.0.0.0:8080", false, false},
		{"[::]:8080", false, false},
		{"192.168.1.10:8080", false, false},
		{"cms.example:8080", false, false},
		{"8080", false, true},
	} {
		got, err := isLoopback(tt.addr)
		if got != tt.loopback || (err != nil) != tt.err {
			t.Errorf("isLoopback(%q) = %v, %v; want %v, error %v", tt.addr, got, err, tt.loopback, tt.err)
		}
	}
}

// ruleDir writes a config and a rule file with the given rule ids into a
// temporary directory and returns the config's path and a function that
// rewrites the rule file.
func ruleDir(t *testing.T, ids ...string) (string, func(content string)) {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, ".copydesk.yml")
	write := func(content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "r.yml"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(cfg, []byte("version: 1\npacks: [./r.yml]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	write(rulesWith(ids...))
	return cfg, write
}

// rulesWith is a rule file with one forbid rule per id; each forbids its
// own id as text.
func rulesWith(ids ...string) string {
	var b strings.Builder
	b.WriteString("version: 1\npack: r\nrules:\n")
	for _, id := range ids {
		fmt.Fprintf(&b, "  - id: r/%s\n    title: No %s\n    severity: error\n    message: Found %s\n    forbid: {text: %s}\n", id, id, id, id)
	}
	return b.String()
}

func ruleIDs(t *testing.T, h http.Handler) string {
	t.Helper()
	w := request{method: "GET", target: "/v1/rules"}.do(h)
	var list []report.RuleEntry
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil {
		t.Fatalf("%v: %s", err, w.Body)
	}
	var ids []string
	for _, r := range list {
		if strings.HasPrefix(r.ID, "r/") { // not copydesk's own rules
			ids = append(ids, r.ID)
		}
	}
	return strings.Join(ids, " ")
}

func TestServeReload(t *testing.T) {
	cfg, write := ruleDir(t, "alpha")
	o := testOptions()
	o.Config = cfg
	s, logs := testServer(t, o)
	h := s.handler()
	if got := ruleIDs(t, h); got != "r/alpha" {
		t.Fatalf("rules %q", got)
	}

	write(rulesWith("alpha", "beta"))
	if err := s.reload(); err != nil {
		t.Fatal(err)
	}
	if got := ruleIDs(t, h); got != "r/alpha r/beta" {
		t.Errorf("after reload: rules %q", got)
	}
	w := request{target: "/v1/check", contentType: "text/html", body: "<p>beta</p>"}.do(h)
	if !strings.Contains(w.Body.String(), `"rule": "r/beta"`) {
		t.Errorf("the reloaded rule does not check:\n%s", w.Body)
	}

	write(rulesWith("alpha") + "  - id: broken\n")
	err := s.reload()
	if err == nil {
		t.Fatal("a bad rule file reloaded")
	}
	if got := ruleIDs(t, h); got != "r/alpha r/beta" {
		t.Errorf("after a bad reload: rules %q, want the previous ones", got)
	}
	if !strings.Contains(logs.String(), `"msg":"reload failed; the previous rules stay in use","errors":["`) ||
		!strings.Contains(logs.String(), "r.yml:") {
		t.Errorf("the failed reload is not logged with its errors:\n%s", logs)
	}
	m := request{method: "GET", target: "/metrics"}.do(h).Body.String()
	for _, want := range []string{`copydesk_rules_reloads_total{result="error"} 1`, `copydesk_rules_reloads_total{result="ok"} 2`,
		fmt.Sprintf("copydesk_rules_loaded %d\n", len(s.rules.Load().l.Set.Rules))} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s:\n%s", want, m)
		}
	}
}

// logLines reads JSON log lines from r and sends each, decoded, on the
// returned channel, which is closed at the end of r.
func logLines(r io.Reader) <-chan map[string]any {
	ch := make(chan map[string]any, 100)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			var m map[string]any
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				ch <- m
			}
		}
	}()
	return ch
}

// waitLog waits for the log line with message msg and returns it.
func waitLog(t *testing.T, lines <-chan map[string]any, msg string) map[string]any {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case m, ok := <-lines:
			if !ok {
				t.Fatalf("the log ended before %q", msg)
			}
			if m["msg"] == msg {
				return m
			}
		case <-timeout:
			t.Fatalf("no %q in the log after 30s", msg)
		}
	}
}

// TestServeSignals runs the service as `copydesk serve` does and sends
// the signals to this process: SIGHUP reloads the rules; SIGTERM lets the
// request in flight finish, then stops the server, and ListenAndServe
// returns nil (the command exits 0).
func TestServeSignals(t *testing.T) {
	cfg, write := ruleDir(t, "alpha")
	pr, pw := io.Pipe()
	lines := logLines(pr)
	o := testOptions()
	o.Config = cfg
	var stderr bytes.Buffer
	s, err := New(testEnv(t, &stderr), o, slog.New(slog.NewJSONHandler(pw, nil)))
	if err != nil {
		t.Fatalf("New: %v\n%s", err, stderr.String())
	}
	done := make(chan error, 1)
	go func() {
		done <- s.ListenAndServe(context.Background())
		pw.Close()
	}()
	addr, _ := waitLog(t, lines, "listening")["addr"].(string)
	base := "http://" + addr
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if got := get("/v1/rules"); !strings.Contains(got, "r/alpha") || strings.Contains(got, "r/beta") {
		t.Fatalf("rules: %s", got)
	}

	write(rulesWith("alpha", "beta"))
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitLog(t, lines, "rules reloaded")
	if got := get("/v1/rules"); !strings.Contains(got, "r/beta") {
		t.Errorf("after SIGHUP: rules %s", got)
	}

	// A request in flight: headers and half the body sent.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := "<p>beta and more text</p>"
	fmt.Fprintf(conn, "POST /v1/check HTTP/1.1\r\nHost: %s\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body[:10])
	for i := 0; !strings.Contains(get("/metrics"), "copydesk_http_requests_in_flight 2\n"); i++ {
		if i == 3000 {
			t.Fatal("the request never came in flight")
		}
		time.Sleep(10 * time.Millisecond)
	}

	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitLog(t, lines, "shutting down")
	// The listener closes just after that line is logged; from then on,
	// while the request in flight still waits for its body, no new
	// connection is accepted.
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		c.Close()
		if i == 500 {
			t.Fatal("new connections are still accepted 5s after SIGTERM")
		}
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Fprint(conn, body[10:])
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight got no response: %v", err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(out), `"rule": "r/beta"`) {
		t.Errorf("the request in flight: status %d\n%s", resp.StatusCode, out)
	}
	waitLog(t, lines, "stopped")
	if err := <-done; err != nil {
		t.Errorf("ListenAndServe after SIGTERM: %v, want nil", err)
	}
}

// promLine is a sample line of the Prometheus text format.
var promLine = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (\S+)$`)

// TestMetricsFormat checks the exposition text after some requests: every
// line is a comment or a well-formed sample of a declared family, the
// histogram's buckets are cumulative and end with +Inf = _count, and the
// counters count what was done.
func TestMetricsFormat(t *testing.T) {
	inRoot(t)
	s, _ := testServer(t, testOptions())
	h := s.handler()
	story := readArticle(t, "rferl-aleppo.html")
	for range 3 {
		request{target: "/v1/check", contentType: "text/html", body: story}.do(h)
	}
	request{target: "/v1/check", contentType: "text/html", body: "<h1>Title</h1><p>ok</p>"}.do(h)
	request{method: "GET", target: "/v1/check"}.do(h)
	request{method: "GET", target: "/nope"}.do(h)
	text := request{method: "GET", target: "/metrics"}.do(h).Body.String()

	types := map[string]string{}
	var buckets []float64
	values := map[string]float64{}
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, typ, _ := strings.Cut(rest, " ")
			if types[name] != "" {
				t.Errorf("family %s declared twice", name)
			}
			types[name] = typ
			continue
		}
		if strings.HasPrefix(line, "# HELP ") {
			continue
		}
		m := promLine.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("malformed line %q", line)
			continue
		}
		v, err := strconv.ParseFloat(m[3], 64)
		if err != nil {
			t.Errorf("%q: bad value", line)
		}
		family := m[1]
		for _, suffix := range []string{"_bucket", "_sum", "_count"} {
			if base, ok := strings.CutSuffix(family, suffix); ok && types[base] == "histogram" {
				family = base
			}
		}
		if types[family] == "" {
			t.Errorf("%q: sample before its # TYPE", line)
		}
		if m[1] == "copydesk_check_duration_seconds_bucket" && strings.Contains(m[2], `outcome="fail"`) {
			buckets = append(buckets, v)
		}
		values[m[1]+m[2]] = v
	}
	for i := 1; i < len(buckets); i++ {
		if buckets[i] < buckets[i-1] {
			t.Errorf("histogram buckets are not cumulative: %v", buckets)
		}
	}
	if len(buckets) == 0 || buckets[len(buckets)-1] != values[`copydesk_check_duration_seconds_count{outcome="fail"}`] {
		t.Errorf("+Inf bucket %v != count %v", buckets, values[`copydesk_check_duration_seconds_count{outcome="fail"}`])
	}
	// The GET that got 405 is no check: the histograms count the four
	// checks only, by outcome.
	for k, want := range map[string]float64{
		`copydesk_check_duration_seconds_count{outcome="fail"}`:                   3,
		`copydesk_check_duration_seconds_count{outcome="pass"}`:                   1,
		`copydesk_check_duration_seconds_count{outcome="error"}`:                  0,
		`copydesk_check_duration_seconds_bucket{outcome="fail",le="+Inf"}`:        3,
		`copydesk_check_duration_seconds_bucket{outcome="fail",le="10"}`:          3,
		`copydesk_check_wait_seconds_count{outcome="pass"}`:                       1,
		`copydesk_http_requests_total{code="200",handler="/v1/check"}`:            4,
		`copydesk_http_requests_total{code="405",handler="/v1/check"}`:            1,
		`copydesk_http_requests_total{code="404",handler="other"}`:                1,
		`copydesk_checks_total{outcome="fail"}`:                                   3,
		`copydesk_checks_total{outcome="pass"}`:                                   1,
		`copydesk_findings_total{severity="error"}`:                               6,
		`copydesk_findings_total{severity="warning"}`:                             3,
		`copydesk_http_requests_in_flight`:                                        1, // this request
		`copydesk_rules_reloads_total{result="ok"}`:                               1,
		`copydesk_rules_loaded`:                                                   float64(len(s.rules.Load().l.Set.Rules)),
		`copydesk_build_info{version="` + escapeLabel(s.opts.Tool.Version) + `"}`: 1,
	} {
		if got := values[k]; got != want {
			t.Errorf("%s = %v, want %v", k, got, want)
		}
	}
	if escapeLabel("a\\b\"c\nd") != `a\\b\"c\nd` {
		t.Errorf("escapeLabel = %q", escapeLabel("a\\b\"c\nd"))
	}
}

// TestServeRulesOptIn checks that GET /v1/rules lists the rules as
// `copydesk rules --format json` does: an opt-in rule the config turns
// on is listed, and marked opt-in; one it leaves off is not listed.
func TestServeRulesOptIn(t *testing.T) {
	cfg, write := ruleDir(t, "alpha")
	optIn := "    enabled: false\n"
	write(rulesWith("alpha") + strings.TrimPrefix(rulesWith("beta"), "version: 1\npack: r\nrules:\n") + optIn +
		strings.TrimPrefix(rulesWith("gamma"), "version: 1\npack: r\nrules:\n") + optIn)
	if err := os.WriteFile(cfg, []byte("version: 1\npacks: [./r.yml]\nrules: {r/gamma: on}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := testOptions()
	o.Config = cfg
	s, _ := testServer(t, o)
	w := request{method: "GET", target: "/v1/rules"}.do(s.handler())
	var list []report.RuleEntry
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil {
		t.Fatalf("%v\n%s", err, w.Body)
	}
	got := map[string]report.RuleEntry{}
	for _, r := range list {
		got[r.ID] = r
	}
	if _, ok := got["r/beta"]; ok {
		t.Errorf("the opt-in rule r/beta is listed though the config leaves it off:\n%s", w.Body)
	}
	if r, ok := got["r/gamma"]; !ok || !r.OptIn || r.Severity != "error" {
		t.Errorf("r/gamma: %+v, want listed, opt-in, at its own severity error:\n%s", r, w.Body)
	}
	if r := got["r/alpha"]; r.OptIn || r.Severity != "error" {
		t.Errorf("r/alpha: %+v, want error, not opt-in", r)
	}
}

// TestMetricsAtStart: a new service's /metrics has every counter and
// histogram series of known labels at zero, so rates and alerts see them
// before the first check; requests refused before a check (503 when
// saturated, 415, 405) count in copydesk_http_requests_total only, not
// in the check histograms (issue 16 item 6: 20,000 observations against
// 4,586 checks).
func TestMetricsAtStart(t *testing.T) {
	inRoot(t)
	o := testOptions()
	o.Concurrency, o.Queue = 1, 1
	s, _ := testServer(t, o)
	h := s.handler()
	metrics := func() string { return request{method: "GET", target: "/metrics"}.do(h).Body.String() }
	m := metrics()
	for _, want := range []string{
		`copydesk_checks_total{outcome="pass"} 0`, `copydesk_checks_total{outcome="fail"} 0`, `copydesk_checks_total{outcome="error"} 0`,
		`copydesk_findings_total{severity="error"} 0`, `copydesk_findings_total{severity="warning"} 0`, `copydesk_findings_total{severity="info"} 0`,
		`copydesk_rules_reloads_total{result="error"} 0`,
		`copydesk_check_duration_seconds_count{outcome="pass"} 0`, `copydesk_check_duration_seconds_bucket{outcome="fail",le="+Inf"} 0`,
		`copydesk_check_wait_seconds_count{outcome="error"} 0`,
	} {
		if !strings.Contains(m, want+"\n") {
			t.Errorf("a new service's metrics lack %s", want)
		}
	}
	s.admit <- struct{}{} // the queue is full: the next check is refused
	s.admit <- struct{}{}
	if w := (request{target: "/v1/check", contentType: "text/html", body: "<p>Text.</p>"}).do(h); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("saturated: status %d", w.Code)
	}
	<-s.admit
	<-s.admit
	request{target: "/v1/check", contentType: "text/plain", body: "x"}.do(h)
	request{method: "GET", target: "/v1/check"}.do(h)
	m = metrics()
	for _, o := range checkOutcomes {
		if want := `copydesk_check_duration_seconds_count{outcome="` + o + `"} 0`; !strings.Contains(m, want+"\n") {
			t.Errorf("refused requests were counted as checks: no %s in\n%s", want, m)
		}
	}
	if !strings.Contains(m, `copydesk_http_requests_total{code="503",handler="/v1/check"} 1`) {
		t.Errorf("the 503 is not in copydesk_http_requests_total:\n%s", m)
	}
}
