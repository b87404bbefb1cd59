package report

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// The html report in a real browser: Debian's chromium, headless, driven
// through chromedp. The tests skip only when no chromium can be found
// (.ci/run installs it with apt-get).

// chromiumPath finds the browser: $COPYDESK_CHROMIUM, or chromium (or
// Chrome) on PATH.
func chromiumPath() string {
	if p := os.Getenv("COPYDESK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless chromium for the test, with a fresh
// profile and no background networking, and returns its context.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		t.Skip("chromium not found (apt-get install chromium, or set COPYDESK_CHROMIUM): the html report's browser tests need it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

// tab is a page open in the browser, with what it asked the network for
// and wrote to its console.
type tab struct {
	ctx      context.Context
	url      string
	mu       sync.Mutex
	requests []string
	console  []string // errors and warnings
}

// open opens url in a new tab of the browser and waits for the report's
// script to have run (it shows the controls).
func open(t *testing.T, browser context.Context, url string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	tb := &tab{ctx: ctx, url: url}
	err := chromedp.Listen(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			tb.requests = append(tb.requests, ev.Request.URL)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				tb.console = append(tb.console, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			tb.console = append(tb.console, "exception: "+msg)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				tb.console = append(tb.console, fmt.Sprintf("%s %s: %s %s", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	tctx, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	if err := chromedp.Do(tctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#controls"))); err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
	return tb
}

// eval evaluates a JavaScript expression in the tab and decodes its value.
func eval[T any](t *testing.T, tb *tab, expr string) T {
	t.Helper()
	ctx, stop := context.WithTimeout(tb.ctx, 30*time.Second)
	defer stop()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", expr, err)
	}
	return v
}

// do runs actions in the tab.
func do(t *testing.T, tb *tab, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, stop := context.WithTimeout(tb.ctx, 30*time.Second)
	defer stop()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// pick sets the value of the form control with the id, as a user's
// choice does (the change or input event follows).
func pick(t *testing.T, tb *tab, id, value, event string) {
	t.Helper()
	js, _ := json.Marshal([]string{id, value, event})
	eval[chromedp.Void](t, tb, `((a) => { const el = document.getElementById(a[0]); el.value = a[1]; el.dispatchEvent(new Event(a[2], {bubbles: true})); })(`+string(js)+`)`)
}

// quiet checks that the page asked the network for nothing but itself
// and wrote no error or warning to its console.
func (tb *tab) quiet(t *testing.T) {
	t.Helper()
	do(t, tb, chromedp.Sleep(100*time.Millisecond)) // events of the last actions
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, u := range tb.requests {
		if u != tb.url {
			t.Errorf("the page made a request: %s", u)
		}
	}
	for _, m := range tb.console {
		t.Errorf("console: %s", m)
	}
}

// checkFiles checks files with the rules of cfgPath ("" for the built-in
// default packs) in the jurisdictions, as check does. It returns the
// result and the bytes of the UTF-8 files.
func checkFiles(t *testing.T, cfgPath string, jurisdictions []string, paths []string, extra ...string) (*Result, map[string][]byte) {
	t.Helper()
	cfg := rules.DefaultConfig()
	if cfgPath != "" {
		var err error
		if cfg, err = rules.LoadConfig(cfgPath); err != nil {
			t.Fatal(err)
		}
	}
	set, err := rules.Load(cfg, extra)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := checker.New(set)
	if err != nil {
		t.Fatal(err)
	}
	res := &Result{Tool: Tool{Name: "copydesk", Version: "test", URL: "https://github.com/copydesk/copydesk"},
		Rules: set.Rules, FailOn: rules.SevError, Config: cfgPath}
	srcs := map[string][]byte{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := checker.ParseFile(filepath.ToSlash(p), src)
		if err != nil {
			t.Fatal(err)
		}
		cj, sev := cfg.ForPath(filepath.ToSlash(p))
		fs, err := eng.Check(doc, checker.Options{Jurisdictions: append(cj, jurisdictions...), Severities: sev})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.ToSlash(p)
		res.Files = append(res.Files, File{Path: path, Findings: fs, Reading: eng.Reading(doc)})
		if doc.Encoding == "utf-8" {
			srcs[path] = src // the others' spans are bytes of another encoding
		}
	}
	res.Sort()
	return res, srcs
}

// accept moves the findings of one file of r to its Accepted, as a
// baseline that holds them does.
func accept(t *testing.T, r *Result, path string) {
	t.Helper()
	for i := range r.Files {
		f := &r.Files[i]
		if f.Path != path {
			continue
		}
		var buf bytes.Buffer
		if err := WriteBaseline(&buf, BaselineEntries(f, path)); err != nil {
			t.Fatal(err)
		}
		b, err := ReadBaseline(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if n := b.Filter(f, path); n == 0 || len(f.Accepted) != n {
			t.Fatalf("the baseline accepts %d findings of %s (%d accepted)", n, path, len(f.Accepted))
		}
		return
	}
	t.Fatalf("no file %s", path)
}

// writePage writes the html report of r into dir and returns its file URL.
func writePage(t *testing.T, r *Result, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, render(t, "html", r), 0o644); err != nil {
		t.Fatal(err)
	}
	return "file://" + filepath.ToSlash(path)
}

// visibleText is the text a reader sees of an HTML excerpt: text outside
// script, style and the like, entities decoded, white space collapsed, a
// space between blocks. It is computed here with x/net/html's tokenizer,
// apart from the checker's text model.
func visibleText(src []byte) string {
	z := html.NewTokenizer(bytes.NewReader(src))
	var b strings.Builder
	skip := 0
	blocks := map[string]bool{"p": true, "div": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true,
		"h5": true, "h6": true, "figcaption": true, "figure": true, "td": true, "th": true, "br": true,
		"section": true, "article": true, "aside": true, "footer": true, "header": true, "blockquote": true, "ul": true, "ol": true}
	hidden := map[string]bool{"script": true, "style": true, "template": true, "noscript": true, "textarea": true, "title": true}
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if hidden[string(name)] {
				if z.Token().Type == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			}
			if blocks[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}

// spanText is the visible text of a span of src: none for a span inside
// a tag (an attribute finding reports at the tag's name).
func spanText(src []byte, s checker.Span) string {
	if bytes.LastIndexByte(src[:s.Start], '<') > bytes.LastIndexByte(src[:s.Start], '>') {
		return ""
	}
	return visibleText(src[s.Start:s.End])
}

// pageCard is what the page shows of one finding.
type pageCard struct {
	ID     string   `json:"id"`
	Path   string   `json:"path"`
	Rule   string   `json:"rule"`
	Sev    string   `json:"sev"`
	At     string   `json:"at"`
	State  string   `json:"state"`
	Placed bool     `json:"placed"`
	Marks  []string `json:"marks"` // the highlighted text, one entry per block
	Hidden bool     `json:"hidden"`
}

// cardsJS lists the finding cards of the page with the text each one
// highlights: the marks of a finding in one block joined, blocks apart.
const cardsJS = `(() => {
  const marks = [...document.querySelectorAll("mark.hl")];
  return [...document.querySelectorAll("div.f")].map(c => {
    const byBlock = new Map();
    for (const m of marks) {
      if (!m.dataset.f.split(" ").includes(c.id)) continue;
      const p = m.parentElement;
      byBlock.set(p, (byBlock.get(p) || "") + m.textContent);
    }
    const sec = c.closest("section.file");
    return {id: c.id, path: sec.dataset.path, rule: c.dataset.rule, sev: c.dataset.sev, at: c.dataset.at,
      state: c.dataset.state || "", placed: c.classList.contains("placed"), marks: [...byBlock.values()],
      hidden: c.hidden || sec.hidden};
  });
})()`

// checkCards compares the cards of the page with the findings of r: one
// card per finding, and each finding's text highlighted in place.
func checkCards(t *testing.T, tb *tab, r *Result, srcs map[string][]byte) []pageCard {
	t.Helper()
	cards := eval[[]pageCard](t, tb, cardsJS)
	type key struct{ path, rule, at string }
	got := map[key][]pageCard{}
	for _, c := range cards {
		k := key{c.Path, c.Rule, c.At}
		got[k] = append(got[k], c)
	}
	total, highlighted := 0, 0
	for _, f := range r.Files {
		all := append(append([]checker.Finding(nil), f.Findings...), f.Accepted...)
		for i := range all {
			fd := &all[i]
			total++
			k := key{f.Path, fd.RuleID(), fmt.Sprintf("%d:%d", fd.Start.Line, fd.Start.Column)}
			if len(got[k]) == 0 {
				t.Errorf("%s:%s: no card for %s", f.Path, k.at, k.rule)
				continue
			}
			c := got[k][0]
			got[k] = got[k][1:]
			src, ok := srcs[f.Path]
			if !ok {
				continue // not UTF-8: the test cannot read its spans
			}
			want := spanText(src, fd.Span)
			text := strings.Join(c.Marks, " ")
			switch {
			case want == "":
				if len(c.Marks) > 0 || !c.Placed {
					t.Errorf("%s:%s: %s covers no text, but the page highlights %q (placed: %v)", f.Path, k.at, k.rule, text, c.Placed)
				}
			case text != want:
				t.Errorf("%s:%s: %s highlights %q, want %q", f.Path, k.at, k.rule, text, want)
			default:
				highlighted++
			}
			if m := strings.Join(strings.Fields(fd.Match), " "); want != "" && !strings.ContainsAny(m, "<&") && !strings.HasPrefix(want, m) {
				t.Errorf("%s:%s: %s highlights %q; its matched text is %q", f.Path, k.at, k.rule, text, m)
			}
		}
	}
	for k, cs := range got {
		for range cs {
			t.Errorf("%s:%s: a card for %s that is no finding", k.path, k.at, k.rule)
		}
	}
	if len(cards) != total {
		t.Errorf("%d cards for %d findings", len(cards), total)
	}
	t.Logf("%d findings, %d cards, %d with their text highlighted", total, len(cards), highlighted)
	return cards
}

func articlePaths(t *testing.T, glob string) []string {
	t.Helper()
	paths, err := filepath.Glob(glob)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no files match %s", glob)
	}
	return paths
}

// TestHTMLInBrowser loads the reports of testdata/articles (default
// packs; the house pack in jurisdiction ru) and of the reference story in
// chromium, and checks what an editor sees and does there.
func TestHTMLInBrowser(t *testing.T) {
	browser := newBrowser(t)
	dir := t.TempDir()
	articles := articlePaths(t, "../testdata/articles/*.html")

	t.Run("default packs", func(t *testing.T) {
		r, srcs := checkFiles(t, "", nil, articles)
		tb := open(t, browser, writePage(t, r, dir, "default.html"))
		checkCards(t, tb, r, srcs)
		tb.quiet(t)
	})

	// The house report has a finding suppressed in the page, and the
	// findings of one article accepted by a baseline.
	src, err := os.ReadFile("../testdata/articles/entities-and-nesting.html")
	if err != nil {
		t.Fatal(err)
	}
	suppressed := filepath.Join(dir, "suppressed.html")
	src = bytes.Replace(src, []byte("<p>Lorem ipsum dolor"), []byte("<!-- copydesk-ignore house/editor-notes -- the note is part of this story -->\n<p>Lorem ipsum dolor"), 1)
	if err := os.WriteFile(suppressed, src, 0o644); err != nil {
		t.Fatal(err)
	}
	house, houseSrcs := checkFiles(t, "../testdata/rules/house.copydesk.yml", []string{"ru"}, append(articles, suppressed))
	house.Baseline = ".copydesk-baseline.json"
	accept(t, house, "../testdata/articles/reuters-kyiv-wire.html")
	houseURL := writePage(t, house, dir, "house.html")

	t.Run("house pack", func(t *testing.T) {
		tb := open(t, browser, houseURL)
		cards := checkCards(t, tb, house, houseSrcs)
		if len(cards) < 20 {
			t.Errorf("only %d findings with the house pack", len(cards))
		}
		tb.quiet(t)
	})

	t.Run("reference story", func(t *testing.T) {
		r, srcs := checkFiles(t, "../testdata/rules/house.copydesk.yml", []string{"ru"}, articlePaths(t, "../testdata/articles/rferl-aleppo*.html"))
		tb := open(t, browser, writePage(t, r, dir, "aleppo.html"))
		checkCards(t, tb, r, srcs)
		// The altered notice is restored word by word; the missing one
		// is shown where its fix inserts it.
		diffs := eval[[]string](t, tb, `[...document.querySelectorAll(".diff")].map(d => d.innerText)`)
		if !slices.ContainsFunc(diffs, func(s string) bool { return strings.Contains(s, "removed:") && strings.Contains(s, "added:") }) {
			t.Errorf("no word diff with removed and added words among %q", diffs)
		}
		tb.quiet(t)
	})

	t.Run("filters", func(t *testing.T) {
		tb := open(t, browser, houseURL)
		shown := func() []pageCard {
			var out []pageCard
			for _, c := range eval[[]pageCard](t, tb, cardsJS) {
				if !c.Hidden {
					out = append(out, c)
				}
			}
			return out
		}
		all := shown()
		bySev := map[string]int{}
		byRule := map[string]int{}
		muted := 0
		for _, c := range all {
			bySev[c.Sev]++
			byRule[c.Rule]++
			if c.State != "" {
				muted++
			}
		}
		if bySev["error"] == 0 || bySev["warning"]+bySev["info"] == 0 {
			t.Fatalf("the house report needs errors and other findings: %v", bySev)
		}
		// Severity.
		do(t, tb, chromedp.Click(chromedp.CSS(`input[name=sev][value=error]`)))
		now := shown()
		if len(now) != len(all)-bySev["error"] || slices.ContainsFunc(now, func(c pageCard) bool { return c.Sev == "error" }) {
			t.Errorf("without errors: %d findings shown, want %d with none an error", len(now), len(all)-bySev["error"])
		}
		lit := eval[int](t, tb, `[...document.querySelectorAll("mark.hl:not(.off)")].filter(m => m.dataset.f.split(" ").every(id => document.getElementById(id).dataset.sev === "error")).length`)
		if lit != 0 {
			t.Errorf("%d highlights of errors only are still lit with errors hidden", lit)
		}
		do(t, tb, chromedp.Click(chromedp.CSS(`input[name=sev][value=error]`)))
		if n := len(shown()); n != len(all) {
			t.Errorf("errors shown again: %d findings shown, want %d", n, len(all))
		}
		// Rule.
		rule := "house/cms-leftovers"
		if byRule[rule] == 0 {
			t.Fatalf("no %s finding in the house report", rule)
		}
		pick(t, tb, "rule-filter", rule, "change")
		now = shown()
		if len(now) != byRule[rule] || slices.ContainsFunc(now, func(c pageCard) bool { return c.Rule != rule }) {
			t.Errorf("rule %s: %d findings shown, want %d, all of it", rule, len(now), byRule[rule])
		}
		sections := eval[int](t, tb, `[...document.querySelectorAll("section.file")].filter(s => !s.hidden).length`)
		files := map[string]bool{}
		for _, c := range now {
			files[c.Path] = true
		}
		if sections != len(files) {
			t.Errorf("rule %s: %d articles shown, want the %d with its findings", rule, sections, len(files))
		}
		pick(t, tb, "rule-filter", "", "change")
		// File.
		do(t, tb, chromedp.Click(chromedp.CSS("#file-filter")), chromedp.KeyEvent("aleppo-bad"))
		now = shown()
		paths := eval[[]string](t, tb, `[...document.querySelectorAll("section.file")].filter(s => !s.hidden).map(s => s.dataset.path)`)
		if len(paths) != 1 || !strings.HasSuffix(paths[0], "rferl-aleppo-bad-credit.html") || len(now) == 0 ||
			slices.ContainsFunc(now, func(c pageCard) bool { return c.Path != paths[0] }) {
			t.Errorf("file filter aleppo-bad: articles %q shown, %d findings", paths, len(now))
		}
		pick(t, tb, "file-filter", "", "input")
		if n := len(shown()); n != len(all) {
			t.Errorf("file filter cleared: %d findings shown, want %d", n, len(all))
		}
		// Suppressed and accepted findings.
		if muted == 0 {
			t.Fatal("no suppressed finding in the house report")
		}
		do(t, tb, chromedp.Click(chromedp.CSS("#show-muted")))
		now = shown()
		if len(now) != len(all)-muted || slices.ContainsFunc(now, func(c pageCard) bool { return c.State != "" }) {
			t.Errorf("muted hidden: %d findings shown, want %d", len(now), len(all)-muted)
		}
		tb.quiet(t)
	})

	t.Run("keyboard", func(t *testing.T) {
		tb := open(t, browser, houseURL)
		ids := eval[[]string](t, tb, `[...document.querySelectorAll("div.f")].map(c => c.id)`)
		if len(ids) < 3 {
			t.Fatalf("%d findings", len(ids))
		}
		active := func() string { return eval[string](t, tb, `document.activeElement.id`) }
		for i, step := range []struct {
			key  string
			want string
		}{{"j", ids[0]}, {"j", ids[1]}, {"n", ids[2]}, {"k", ids[1]}, {"p", ids[0]}, {"p", ids[0]}} {
			do(t, tb, chromedp.KeyEvent(step.key))
			if got := active(); got != step.want {
				t.Errorf("key %d (%s): focus on %q, want %q", i+1, step.key, got, step.want)
			}
		}
		// The focused finding's text is marked as current, and in view.
		cur := eval[int](t, tb, `document.querySelectorAll("mark.current").length`)
		inView := eval[bool](t, tb, `(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`)
		if !inView {
			t.Error("the focused finding is not in view")
		}
		t.Logf("%d highlights marked current", cur)
		// Typing in the file filter is not navigation.
		do(t, tb, chromedp.Click(chromedp.CSS("#file-filter")), chromedp.KeyEvent("j"))
		if got := active(); got != "file-filter" {
			t.Errorf("typing j in the file filter moved focus to %q", got)
		}
		tb.quiet(t)
	})

	t.Run("phone and print", func(t *testing.T) {
		tb := open(t, browser, houseURL)
		do(t, tb, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		if w := eval[[]int](t, tb, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
			t.Errorf("on a 390 px phone the page is %d px wide: it scrolls sideways", w[0])
		}
		fontPx := eval[float64](t, tb, `parseFloat(getComputedStyle(document.querySelector(".text p.b")).fontSize)`)
		if fontPx < 14 {
			t.Errorf("article text of %.0f px on a phone", fontPx)
		}
		do(t, tb, chromedp.EmulateViewport(1200, 900))
		if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		if d := eval[string](t, tb, `getComputedStyle(document.getElementById("controls")).display`); d != "none" {
			t.Errorf("printed, the controls are %q", d)
		}
		pdf, err := chromedp.Run(tb.ctx, chromedp.PrintToPDF())
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("printing to PDF: %v (%d bytes)", err, len(pdf))
		}
		tb.quiet(t)
	})

	t.Run("served over HTTP", func(t *testing.T) {
		page := render(t, "html", house)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/" {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Security-Policy", HTMLContentSecurityPolicy())
			_, _ = w.Write(page)
		}))
		defer srv.Close()
		tb := open(t, browser, srv.URL+"/")
		checkCards(t, tb, house, houseSrcs)
		tb.quiet(t)
	})

	t.Run("axe-core", func(t *testing.T) {
		axe := os.Getenv("COPYDESK_AXE_JS")
		if axe == "" {
			t.Skip("COPYDESK_AXE_JS is not set (the path of axe-core's axe.min.js; .ci/run installs it with npm)")
		}
		src, err := os.ReadFile(axe)
		if err != nil {
			t.Fatal(err)
		}
		tb := open(t, browser, houseURL)
		eval[chromedp.Void](t, tb, string(src))
		eval[chromedp.Void](t, tb, `document.querySelectorAll("details").forEach(d => d.open = true)`)
		type violation struct {
			ID     string `json:"id"`
			Impact string `json:"impact"`
			Help   string `json:"help"`
			Nodes  []struct {
				Target []any `json:"target"`
			} `json:"nodes"`
		}
		ctx, stop := context.WithTimeout(tb.ctx, 120*time.Second)
		defer stop()
		vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](`axe.run(document).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => ({target: n.target}))})))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			msg := fmt.Sprintf("axe %s (%s): %s at %v", v.ID, v.Impact, v.Help, v.Nodes)
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Error(msg)
			} else {
				t.Log(msg)
			}
		}
	})
}

// corpusGlob finds the pages of the shared corpus, beside the repository.
const corpusGlob = "../../shared/corpus/pages/*/*.html"

// TestHTMLCorpusInBrowser opens the report of the shared corpus (default
// packs): it must stay usable, so the checks of the small reports are
// repeated on it. How long it takes to load is logged, not asserted.
func TestHTMLCorpusInBrowser(t *testing.T) {
	pages, _ := filepath.Glob(corpusGlob)
	if len(pages) == 0 {
		if os.Getenv("COPYDESK_REQUIRE_CORPUS") != "" {
			t.Fatalf("COPYDESK_REQUIRE_CORPUS is set, but there is no shared corpus at %s", corpusGlob)
		}
		t.Skipf("no shared corpus at %s: the corpus report is not tried in the browser", corpusGlob)
	}
	browser := newBrowser(t)
	r, srcs := checkFiles(t, "", nil, pages)
	page := render(t, "html", r)
	dir := t.TempDir()
	path := filepath.Join(dir, "corpus.html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	tb := open(t, browser, "file://"+filepath.ToSlash(path))
	t.Logf("%d pages: a report of %.1f MB, shown with its script run in %v (navigation timing: %s)", len(pages), float64(len(page))/1e6,
		time.Since(start).Round(time.Millisecond), eval[string](t, tb, `(() => { const n = performance.getEntriesByType("navigation")[0]; return "DOMContentLoaded " + Math.round(n.domContentLoadedEventEnd) + " ms, load " + Math.round(n.loadEventEnd) + " ms"; })()`))
	cards := checkCards(t, tb, r, srcs)
	if len(cards) == 0 {
		t.Fatal("no finding in the corpus report")
	}
	sections := eval[int](t, tb, `document.querySelectorAll("section.file").length`)
	if sections != len(pages) {
		t.Errorf("%d articles in the report of %d pages", sections, len(pages))
	}
	do(t, tb, chromedp.KeyEvent("j"))
	if got := eval[string](t, tb, `document.activeElement.id`); got != cards[0].ID {
		t.Errorf("j: focus on %q, want the first finding %q", got, cards[0].ID)
	}
	do(t, tb, chromedp.Click(chromedp.CSS(`input[name=sev][value=error]`)))
	shown := eval[int](t, tb, `[...document.querySelectorAll("div.f")].filter(c => !c.hidden && !c.closest("section").hidden && c.dataset.sev === "error").length`)
	if shown != 0 {
		t.Errorf("%d errors shown with errors filtered out", shown)
	}
	tb.quiet(t)
}

// screenshot is where TestHTMLScreenshot writes the README's picture.
var screenshot = flag.String("screenshot", "", "write a PNG of the reference story's html report to this file (docs/html-report.png)")

// TestHTMLScreenshot takes the picture of the reference story's report
// that the README shows, as copydesk check -f html makes it from the
// repository root (go test ./report -run TestHTMLScreenshot
// -screenshot ../docs/html-report.png).
func TestHTMLScreenshot(t *testing.T) {
	if *screenshot == "" {
		t.Skip("no -screenshot FILE: the README's picture is not taken")
	}
	browser := newBrowser(t)
	r, _ := checkFiles(t, "", nil, []string{"../testdata/articles/rferl-aleppo.html"})
	r.Tool.Version = "devel"
	r.Files[0].Path = "testdata/articles/rferl-aleppo.html"
	tb := open(t, browser, writePage(t, r, t.TempDir(), "aleppo.html"))
	do(t, tb, chromedp.EmulateViewport(860, 1180))
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*screenshot, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// hostileArticle tries every way article text could become markup or
// code in the report. Each attempt would set window.pwned.
const hostileArticle = `<!doctype html>
<html><head><title>x</title><style>p{}</style><script>window.pwned = "head script"</script></head>
<body><article>
<h1>&lt;script&gt;window.pwned = "h1"&lt;/script&gt;</h1>
<p>Text &lt;img src=x onerror="window.pwned='img'"&gt; after.</p>
<p><img src=x onerror="window.pwned='real img'"><a href="javascript:window.pwned='link'">a link</a> &lt;a href="javascript:window.pwned='a'"&gt;click&lt;/a&gt;</p>
<p>&lt;/style&gt;&lt;script&gt;window.pwned = "style"&lt;/script&gt; and &lt;/script&gt;&lt;script&gt;window.pwned = "script"&lt;/script&gt;</p>
<p>Open &lt;!-- a comment and &lt;![CDATA[ window.pwned = "cdata" ]]&gt; &lt;/textarea&gt;&lt;/title&gt;</p>
<p onclick="window.pwned='onclick'" onmouseover="window.pwned='over'">TK &lt;svg onload="window.pwned='svg'"&gt;</p>
<script>window.pwned = "body script"</script>
<p>&lt;/p&gt;&lt;/div&gt;&lt;/section&gt;&lt;/details&gt;&lt;/main&gt;&lt;script&gt;window.pwned="close"&lt;/script&gt;</p>
<![CDATA[<script>window.pwned = "real cdata"</script>]]>
</article></body></html>
`

// hostileRules build messages from page text, and have a title and url
// that are not what a link should be. Some of the article's markup-like
// text is left to no rule, so it is plain text between highlights.
const hostileRules = `version: 1
pack: h
rules:
  - id: h/markup
    title: '<b onmouseover="window.pwned=1">No markup</b>'
    url: 'https://example.org/"><script>window.pwned="url"</script>'
    severity: error
    message: 'Found {{.Match}} in <i>text</i>'
    forbid: {pattern: '<(img|svg|a)\b[^>]*>', replace: '<img src=x onerror=window.pwned=7>'}
  - id: h/tk
    title: TK
    severity: warning
    message: '{{.Match}}<script>window.pwned="message"</script>'
    forbid: {words: [TK]}
`

// TestHTMLHostileArticle checks that article text, messages built from
// it, rule metadata and a path made of markup stay text in the report:
// nothing runs, no element is made from them.
func TestHTMLHostileArticle(t *testing.T) {
	browser := newBrowser(t)
	dir := t.TempDir()
	rf, err := rules.ParseRuleFile("h.yml", []byte(hostileRules), rules.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := checker.New(&rules.Set{Rules: rf.Rules})
	if err != nil {
		t.Fatal(err)
	}
	path := `news/<img src=x onerror="window.pwned='path'">.html`
	doc, err := checker.Parse(path, []byte(hostileArticle))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := eng.Check(doc, checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) < 4 {
		t.Fatalf("%d findings in the hostile article, want at least 4", len(fs))
	}
	r := &Result{Tool: Tool{Name: "copydesk", Version: `<script>window.pwned="version"</script>`}, Rules: rf.Rules,
		FailOn: rules.SevError, Config: `</style><script>window.pwned="config"</script>`,
		Files:  []File{{Path: path, Findings: fs, Reading: eng.Reading(doc)}},
		Errors: []InputError{{Path: `<script>window.pwned="error"</script>`, Message: `<!-- </code>`}}}
	tb := open(t, browser, writePage(t, r, dir, "hostile.html"))
	if got := eval[string](t, tb, `String(window.pwned)`); got != "undefined" {
		t.Errorf("window.pwned = %q: article content ran in the report", got)
	}
	// The page has the elements it makes, and no more.
	counts := eval[map[string]int](t, tb, `(() => {
	  const n = s => document.querySelectorAll(s).length;
	  let on = 0;
	  for (const el of document.querySelectorAll("*")) for (const a of el.attributes) if (a.name.startsWith("on")) on++;
	  return {script: n("script"), style: n("style"), img: n("img"), svg: n("svg"), b: n("b"), i: n("i"),
	    js: n("a[href^='javascript' i]"), textarea: n("textarea"), on: on};
	})()`)
	want := map[string]int{"script": 1, "style": 1, "img": 0, "svg": 0, "b": 0, "i": 0, "js": 0, "textarea": 0, "on": 0}
	for k, v := range want {
		if counts[k] != v {
			t.Errorf("%d %s elements, want %d (%v)", counts[k], k, v, counts)
		}
	}
	// The markup is shown as the text it is.
	text := eval[string](t, tb, `document.body.innerText`)
	for _, s := range []string{
		`<script>window.pwned = "h1"</script>`,
		`Text <img src=x onerror="window.pwned='img'"> after.`,
		`<!-- a comment and <![CDATA[ window.pwned = "cdata" ]]>`,
		`Found <svg onload="window.pwned='svg'"> in <i>text</i>`,
		`TK<script>window.pwned="message"</script>`,
		`news/<img src=x onerror="window.pwned='path'">.html`,
		`<b onmouseover="window.pwned=1">No markup</b>`,
	} {
		if !strings.Contains(text, s) {
			t.Errorf("the page does not show %q as text", s)
		}
	}
	if strings.Contains(text, "head script") || strings.Contains(text, "body script") {
		t.Error("the report shows the content of a script as article text")
	}
	checkCards(t, tb, r, map[string][]byte{path: []byte(hostileArticle)})
	tb.quiet(t)
}
