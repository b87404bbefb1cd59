package report

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// The html format is one self-contained page for the editors who fix the
// findings: a summary, then each article's text as its rules read it
// (File.Reading) with every finding highlighted in place, its message,
// rule and severity, and its fix as a word-level before and after.
// Findings without text (a missing credit line, an attribute) are shown
// where their fix inserts, or where their span starts. Suppressed and
// baseline-accepted findings are shown greyed out, with their reason.
//
// Everything from the articles, the rules and the paths is text to
// html/template, which escapes it, and the page's Content-Security-Policy
// allows only its own style and script (by hash): no request leaves the
// page, and nothing of an article can run in it. Articles are rendered
// by the browser when they come into view (content-visibility), so a
// report of hundreds of pages stays usable.

// htmlFormat is the html format, for editors.
var htmlFormat = Format{Name: "html", Doc: "one self-contained HTML page: each article's text with its findings in place, for editors",
	Write: writeHTML, NewStream: newHTMLStream, Reading: true}

//go:embed html/report.css
var htmlStyle string

//go:embed html/report.js
var htmlScript string

// htmlCSP is the page's Content-Security-Policy: nothing may load but the
// page's own style and script, named by their hashes.
var htmlCSP = "default-src 'none'; style-src '" + cspHash(htmlStyle) + "'; script-src '" + cspHash(htmlScript) +
	"'; img-src data:; base-uri 'none'; form-action 'none'"

// HTMLContentSecurityPolicy is the Content-Security-Policy of the html
// format's page, for a server that sends the page to send as a header too.
func HTMLContentSecurityPolicy() string { return htmlCSP }

func cspHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(h[:])
}

// The html format's wire structs: what its templates show.
type (
	htmlPage struct {
		CSP      string
		Style    template.CSS
		Script   template.JS
		Title    string
		Tool     string
		Version  string
		Config   string
		Baseline string
		FailOn   string
		Pass     bool

		Files, Findings, Errors, Suppressed, Accepted, Fixed int
		BySeverity                                           []htmlCount
		Rules                                                []htmlRule // rules with findings
		Quiet                                                []htmlRule // enabled rules without findings
		FileRows                                             []htmlFileRow
		Clean                                                int // files without findings
		InputErrors                                          []InputError
	}
	htmlCount struct {
		Severity string
		N        int
	}
	htmlRule struct {
		ID, Anchor, Title, URL, Severity string
		N, Muted                         int // open findings, and suppressed or accepted ones
	}
	htmlFileRow struct {
		Anchor, Path          string
		Error, Warning, Info  int
		Muted                 int
		FirstID, FirstMessage string
	}
	htmlFile struct {
		Anchor, Path         string
		Record               string // where a page read from a web archive is in it
		Open                 bool   // findings: the article is shown open
		Error, Warning, Info int
		Muted                int
		Items                []htmlItem
	}
	// htmlItem is one thing in an article's reading order: a block of
	// text, a run of blocks left out, or a finding.
	htmlItem struct {
		Block   *htmlBlock
		Gap     int
		Finding *htmlFinding
	}
	htmlBlock struct {
		Class  string
		Pieces []htmlPiece
	}
	// htmlPiece is a run of a block's text; IDs lists the findings that
	// cover it ("" for plain text).
	htmlPiece struct {
		Text, IDs, Class string
	}
	htmlFinding struct {
		ID, Rule, RuleAnchor, Title, Severity, Message string
		Line, Column                                   int
		State                                          string // "", "suppressed" or "accepted"
		Why                                            string
		Where                                          string // for a finding without text: where it is shown
		Fix                                            *htmlFix
	}
	htmlFix struct {
		Message string
		Changes []htmlChange
	}
	htmlChange struct {
		Kind  string // "text", "insert", "markup"
		Parts []htmlPart
	}
	// htmlPart is part of a word diff: unchanged ("") text, "del" or "ins"
	// words, or a "gap" of unchanged words left out.
	htmlPart struct {
		Op, Text string
	}
)

var htmlTemplates = template.Must(template.New("html").Funcs(template.FuncMap{"slashes": slashes}).Parse(htmlTemplateText))

// slashes splits a path or rule id after each slash, so that the page can
// break it there on a narrow screen.
func slashes(s string) []string { return strings.SplitAfter(s, "/") }

const htmlTemplateText = `
{{- define "top" -}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{{.Tool}} {{.Version}}">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<style>{{.Style}}</style>
</head>
<body>
<header class="top">
<h1>{{.Title}}</h1>
<p class="verdict {{if .Pass}}pass{{else}}fail{{end}}">{{if .Pass}}Pass{{else}}Fail{{end}}<span class="why"> with --fail-on {{.FailOn}}</span></p>
<p class="meta">{{.Tool}} {{.Version}} · config: {{if .Config}}<code>{{.Config}}</code>{{else}}built-in default packs{{end}}{{if .Baseline}} · baseline: <code>{{.Baseline}}</code>{{end}}</p>
</header>
<nav class="controls" id="controls" aria-label="Filters and navigation" hidden>
<fieldset class="sev-filter"><legend>Severity</legend>
{{- range .BySeverity}}
<label class="s-{{.Severity}}"><input type="checkbox" name="sev" value="{{.Severity}}" checked> {{.Severity}} ({{.N}})</label>
{{- end}}
</fieldset>
<label class="rule-filter">Rule <select id="rule-filter">
<option value="">all rules</option>
{{- range .Rules}}
<option value="{{.ID}}">{{.ID}} ({{.N}})</option>
{{- end}}
</select></label>
<label class="file-filter">File <input type="search" id="file-filter" placeholder="part of a path" autocomplete="off"></label>
<label class="muted-toggle"><input type="checkbox" id="show-muted" checked> suppressed and accepted</label>
<span class="nav"><button type="button" id="prev" aria-keyshortcuts="k">◀ previous</button> <button type="button" id="next" aria-keyshortcuts="j">next ▶</button> <span id="shown" role="status"></span></span>
<p class="keys">Keys: <kbd>j</kbd>/<kbd>n</kbd> next finding, <kbd>k</kbd>/<kbd>p</kbd> previous.</p>
</nav>
<main>
<section id="summary" class="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<p class="totals">{{.Files}} {{if eq .Files 1}}file{{else}}files{{end}} ·
{{- range .BySeverity}} <span class="sev s-{{.Severity}}">{{.N}} {{.Severity}}</span>{{end}}
{{- if .Suppressed}} · {{.Suppressed}} suppressed{{end}}
{{- if .Accepted}} · {{.Accepted}} accepted by the baseline{{end}}
{{- if .Fixed}} · {{.Fixed}} fixed{{end}}
{{- if .Errors}} · <span class="sev s-error">{{.Errors}} could not be checked</span>{{end}}</p>
{{- if .InputErrors}}
<h3>Files that could not be checked</h3>
<ul class="errors">
{{- range .InputErrors}}
<li><code>{{.Error}}</code></li>
{{- end}}
</ul>
{{- end}}
{{- if .Rules}}
<h3>Findings by rule</h3>
<div class="scroll"><table class="rules">
<thead><tr><th scope="col">rule</th><th scope="col">severity</th><th scope="col">findings</th><th scope="col">title</th></tr></thead>
<tbody>
{{- range .Rules}}
<tr id="{{.Anchor}}"><td><code>{{range slashes .ID}}{{.}}<wbr>{{end}}</code></td><td><span class="sev s-{{.Severity}}">{{.Severity}}</span></td><td>{{.N}}{{if .Muted}} <span class="mutedn">+{{.Muted}} muted</span>{{end}}</td><td>{{if .URL}}<a href="{{.URL}}" rel="noopener noreferrer">{{.Title}}</a>{{else}}{{.Title}}{{end}}</td></tr>
{{- end}}
</tbody></table></div>
{{- end}}
{{- if .Quiet}}
<details class="quiet"><summary>{{len .Quiet}} more enabled {{if eq (len .Quiet) 1}}rule{{else}}rules{{end}} found nothing</summary>
<ul>
{{- range .Quiet}}
<li id="{{.Anchor}}"><code>{{.ID}}</code> ({{.Severity}}): {{if .URL}}<a href="{{.URL}}" rel="noopener noreferrer">{{.Title}}</a>{{else}}{{.Title}}{{end}}</li>
{{- end}}
</ul></details>
{{- end}}
{{- if .FileRows}}
<h3>Files with findings</h3>
<div class="scroll"><table class="files">
<thead><tr><th scope="col">file</th><th scope="col">error</th><th scope="col">warning</th><th scope="col">info</th><th scope="col">muted</th></tr></thead>
<tbody>
{{- range .FileRows}}
<tr><td><a href="#{{.Anchor}}">{{range slashes .Path}}{{.}}<wbr>{{end}}</a></td><td>{{.Error}}</td><td>{{.Warning}}</td><td>{{.Info}}</td><td>{{.Muted}}</td></tr>
{{- end}}
</tbody></table></div>
{{- end}}
{{- if .Clean}}
<p>{{.Clean}} {{if eq .Clean 1}}file has{{else}}files have{{end}} no findings.</p>
{{- end}}
</section>
{{end}}

{{- define "bottom" -}}
</main>
<script>{{.Script}}</script>
</body>
</html>
{{end}}

{{- define "file" -}}
<section class="file{{if not .Open}} clean{{end}}" id="{{.Anchor}}" data-path="{{.Path}}" aria-labelledby="{{.Anchor}}-h">
<details{{if .Open}} open{{end}}>
<summary><h2 id="{{.Anchor}}-h">{{range slashes .Path}}{{.}}<wbr>{{end}}</h2> <span class="counts">
{{- if .Error}} <span class="sev s-error">{{.Error}} error</span>{{end}}
{{- if .Warning}} <span class="sev s-warning">{{.Warning}} warning</span>{{end}}
{{- if .Info}} <span class="sev s-info">{{.Info}} info</span>{{end}}
{{- if .Muted}} <span class="sev muted">{{.Muted}} muted</span>{{end}}
{{- if not .Open}} no findings{{end}}</span></summary>
{{- if .Record}}
<p class="record">{{.Record}}</p>
{{- end}}
<div class="text">
{{- range .Items}}
{{- if .Block}}
<p class="{{.Block.Class}}">{{range .Block.Pieces}}{{if .IDs}}<mark class="{{.Class}}" data-f="{{.IDs}}">{{.Text}}</mark>{{else}}{{.Text}}{{end}}{{end}}</p>
{{- else if .Gap}}
<p class="gap">⋯ {{.Gap}} {{if eq .Gap 1}}block{{else}}blocks{{end}} outside the article body</p>
{{- else}}
{{template "finding" .Finding}}
{{- end}}
{{- end}}
</div>
</details>
</section>
{{end}}

{{- define "finding" -}}
<div class="f s-{{.Severity}}{{if .State}} muted{{end}}{{if .Where}} placed{{end}}" id="{{.ID}}" tabindex="-1" data-rule="{{.Rule}}" data-sev="{{.Severity}}" data-at="{{.Line}}:{{.Column}}"{{if .State}} data-state="{{.State}}"{{end}} role="group" aria-label="{{.Severity}}: {{.Message}}">
<p class="f-head"><span class="sev s-{{.Severity}}">{{.Severity}}</span> <a class="rule" href="#{{.RuleAnchor}}" title="{{.Title}}">{{.Rule}}</a> <span class="pos">line {{.Line}}, column {{.Column}}</span>{{if .State}} <span class="state">{{.State}}</span>{{end}}</p>
<p class="msg">{{.Message}}</p>
{{- if .Where}}
<p class="where">{{.Where}}</p>
{{- end}}
{{- if .Why}}
<p class="why">{{.Why}}</p>
{{- end}}
{{- with .Fix}}
<div class="fix"><p class="fix-msg">Fix: {{.Message}}</p>
{{- range .Changes}}
<p class="diff {{.Kind}}">{{range $i, $p := .Parts}}{{if $i}} {{end}}{{if eq .Op "del"}}<del><span class="sr">removed: </span>{{.Text}}</del>{{else if eq .Op "ins"}}<ins><span class="sr">added: </span>{{.Text}}</ins>{{else if eq .Op "gap"}}<span class="gap">…</span>{{else}}{{.Text}}{{end}}{{end}}</p>
{{- end}}
</div>
{{- end}}
</div>
{{- end}}
`

func writeHTML(w io.Writer, r *Result, o Options) error {
	return writeAll(newHTMLStream(w, r, o), r)
}

// htmlStream renders each file's article as it comes, and writes the
// page, summary first, when the run is over: the page holds the rendered
// articles until then (about the size of their text, a few MB for
// hundreds of pages).
type htmlStream struct {
	w        io.Writer
	head     *Result
	articles bytes.Buffer
	sum      Summary
	accepted int
	failing  bool
	byRule   map[string]*htmlRule
	rows     []htmlFileRow
	clean    int
	anchors  map[string]bool // rule anchors in use
	ruleAnc  map[string]string
}

func newHTMLStream(w io.Writer, head *Result, _ Options) Streamer {
	return &htmlStream{w: w, head: head, byRule: map[string]*htmlRule{}, anchors: map[string]bool{}, ruleAnc: map[string]string{}}
}

// ruleAnchor returns the id of a rule's row in the summary.
func (h *htmlStream) ruleAnchor(id string) string {
	if a, ok := h.ruleAnc[id]; ok {
		return a
	}
	a := "rule-" + anchorName(id)
	for k := 2; h.anchors[a]; k++ {
		a = "rule-" + anchorName(id) + "-" + strconv.Itoa(k)
	}
	h.anchors[a] = true
	h.ruleAnc[id] = a
	return a
}

// anchorName keeps the letters, digits and dashes of s, for an id.
func anchorName(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// htmlEntry is a finding to show, with its place in the text.
type htmlEntry struct {
	fd     *checker.Finding
	state  string
	id     string
	ranges []checker.TextRange
	slot   int // the card goes before block slot
	where  string
	fix    *htmlFix
}

func (h *htmlStream) File(f *File) error {
	n := h.sum.Files
	h.sum.add(f)
	h.accepted += len(f.Accepted)
	h.failing = h.failing || f.Fails(h.head.FailOn)
	hf := htmlFile{Anchor: "file-" + strconv.Itoa(n+1), Path: f.Path}
	if f.Record != nil {
		hf.Record = fmt.Sprintf("The record at offset %d of the web archive %s.", f.Record.Offset, f.Record.Archive)
	}

	entries := make([]htmlEntry, 0, len(f.Findings)+len(f.Accepted))
	for i := range f.Findings {
		e := htmlEntry{fd: &f.Findings[i]}
		if e.fd.Suppressed {
			e.state = "suppressed"
		}
		entries = append(entries, e)
	}
	for i := range f.Accepted {
		entries = append(entries, htmlEntry{fd: &f.Accepted[i], state: "accepted"})
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].fd.Span.Start < entries[j].fd.Span.Start })
	for i := range entries {
		e := &entries[i]
		e.id = fmt.Sprintf("f%d-%d", n+1, i+1)
		sev := e.fd.Severity.String()
		rr := h.byRule[e.fd.Rule.ID]
		if rr == nil {
			rr = &htmlRule{ID: e.fd.Rule.ID, Anchor: h.ruleAnchor(e.fd.Rule.ID), Title: e.fd.Rule.Title,
				URL: h.linkURL(e.fd.Rule), Severity: e.fd.Rule.Severity.String()}
			h.byRule[e.fd.Rule.ID] = rr
		}
		if e.state != "" {
			rr.Muted++
			hf.Muted++
			continue
		}
		rr.N++
		switch sev {
		case "error":
			hf.Error++
		case "warning":
			hf.Warning++
		default:
			hf.Info++
		}
	}
	hf.Open = len(entries) > 0
	hf.Items = h.articleItems(f, entries)
	if hf.Open {
		row := htmlFileRow{Anchor: hf.Anchor, Path: f.Path, Error: hf.Error, Warning: hf.Warning, Info: hf.Info, Muted: hf.Muted}
		h.rows = append(h.rows, row)
	} else {
		h.clean++
	}
	return htmlTemplates.ExecuteTemplate(&h.articles, "file", &hf)
}

// linkURL returns the rule's documentation URL when it is a web address
// (a rule file could name any scheme; only http and https are links).
func (h *htmlStream) linkURL(rule *rules.Rule) string {
	u, err := url.Parse(h.head.helpURL(rule))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return u.String()
}

// articleItems lays out one article: its blocks of text in the article
// body, the blocks elsewhere that hold a finding (with one block of
// context on each side), runs of blocks left out, and each finding after
// the text it highlights or where it has no text.
func (h *htmlStream) articleItems(f *File, entries []htmlEntry) []htmlItem {
	rd := f.Reading
	if rd == nil {
		// No text: the findings alone (a format writer given files
		// without a Reading).
		items := make([]htmlItem, 0, len(entries))
		for i := range entries {
			items = append(items, htmlItem{Finding: h.finding(&entries[i])})
		}
		return items
	}
	blocks := rd.TextBlocks()
	nb := len(blocks)
	shown := make([]bool, nb)
	anyContent := false
	for i := range blocks {
		if blocks[i].Content {
			shown[i] = true
			anyContent = true
		}
	}
	if !anyContent {
		for i := range shown {
			shown[i] = true
		}
	}
	context := make([]bool, nb) // blocks outside the body shown for a finding
	want := func(k int) {
		if k >= 0 && k < nb && !shown[k] {
			context[k] = true
		}
	}
	for i := range entries {
		e := &entries[i]
		e.ranges = rd.Locate(e.fd.Span)
		var changes []checker.Change
		if e.fd.Fix != nil {
			changes = rd.Changes(e.fd.Fix)
			e.fix = htmlFixOf(e.fd.Fix, changes)
		}
		switch {
		case len(e.ranges) > 0:
			e.slot = e.ranges[len(e.ranges)-1].Block + 1
			for _, r := range e.ranges {
				want(r.Block)
			}
		default:
			e.slot = rd.Place(e.fd.Span.Start)
			e.where = "No text of the article is at fault: shown where the finding is in the page."
			for _, c := range changes {
				if c.N == 0 && !c.Markup {
					e.slot = c.At
					e.where = "No text of the article is at fault: shown where the fix inserts."
					break
				}
			}
			// A place among blocks left out gets its neighbours.
			if (e.slot >= nb || !shown[e.slot]) && (e.slot == 0 || !shown[e.slot-1]) {
				want(e.slot - 1)
				want(e.slot)
			}
		}
		for _, c := range changes {
			for k := c.At; k < c.At+c.N; k++ {
				want(k)
			}
		}
	}
	// One block of context on each side of the blocks shown for findings.
	for k := range context {
		if context[k] {
			if k > 0 && !shown[k-1] && !context[k-1] {
				shown[k-1] = true
			}
			if k+1 < nb && !shown[k+1] && !context[k+1] {
				shown[k+1] = true
			}
		}
	}
	for k := range context {
		shown[k] = shown[k] || context[k]
	}

	// Which findings cover which blocks.
	type cover struct {
		lo, hi int
		e      *htmlEntry
	}
	covers := map[int][]cover{}
	for i := range entries {
		e := &entries[i]
		for _, r := range e.ranges {
			covers[r.Block] = append(covers[r.Block], cover{r.Lo, r.Hi, e})
		}
	}
	bySlot := map[int][]*htmlEntry{}
	for i := range entries {
		bySlot[entries[i].slot] = append(bySlot[entries[i].slot], &entries[i])
	}

	var items []htmlItem
	gap := 0
	flushGap := func() {
		if gap > 0 {
			items = append(items, htmlItem{Gap: gap})
			gap = 0
		}
	}
	for k := 0; k <= nb; k++ {
		if es := bySlot[k]; len(es) > 0 {
			flushGap()
			for _, e := range es {
				items = append(items, htmlItem{Finding: h.finding(e)})
			}
		}
		if k == nb {
			break
		}
		if !shown[k] {
			gap++
			continue
		}
		flushGap()
		b := &blocks[k]
		hb := &htmlBlock{Class: blockClass(b)}
		cs := covers[k]
		if len(cs) == 0 {
			hb.Pieces = []htmlPiece{{Text: b.Text}}
		} else {
			cuts := []int{0, len(b.Text)}
			for _, c := range cs {
				cuts = append(cuts, c.lo, c.hi)
			}
			sort.Ints(cuts)
			for j := 0; j+1 < len(cuts); j++ {
				lo, hi := cuts[j], cuts[j+1]
				if lo == hi {
					continue
				}
				p := htmlPiece{Text: b.Text[lo:hi]}
				var ids []string
				top, muted := rules.SevOff, true
				for _, c := range cs {
					if c.lo <= lo && hi <= c.hi {
						ids = append(ids, c.e.id)
						if c.e.state == "" {
							muted = false
							top = max(top, c.e.fd.Severity)
						}
					}
				}
				if len(ids) > 0 {
					p.IDs = strings.Join(ids, " ")
					p.Class = "hl muted"
					if !muted {
						p.Class = "hl s-" + top.String()
					}
				}
				hb.Pieces = append(hb.Pieces, p)
			}
		}
		items = append(items, htmlItem{Block: hb})
	}
	return items
}

// blockClass is the class of a block of text by its element.
func blockClass(b *checker.TextBlock) string {
	c := "b"
	switch b.Tag {
	case "h1", "h2", "h3", "h4", "h5", "h6":
		c = "b h " + b.Tag
	case "figcaption", "caption":
		c = "b cap"
	case "li", "dt", "dd":
		c = "b li"
	case "blockquote":
		c = "b quote"
	case "pre":
		c = "b pre"
	case "td", "th":
		c = "b cell"
	}
	if !b.Content {
		c += " out"
	}
	return c
}

// finding is the wire form of one finding's card.
func (h *htmlStream) finding(e *htmlEntry) *htmlFinding {
	fd := e.fd
	hf := &htmlFinding{
		ID: e.id, Rule: fd.Rule.ID, RuleAnchor: h.ruleAnchor(fd.Rule.ID), Title: fd.Rule.Title,
		Severity: fd.Severity.String(), Message: fd.Message,
		Line: fd.Start.Line, Column: fd.Start.Column,
		State: e.state, Where: e.where, Fix: e.fix,
	}
	switch e.state {
	case "suppressed":
		hf.Why = "Suppressed in the page: " + fd.Justification
		if fd.Justification == "" {
			hf.Why = "Suppressed in the page (data-copydesk-ignore)."
		}
	case "accepted":
		hf.Why = "Accepted by the baseline"
		if h.head.Baseline != "" {
			hf.Why += " " + h.head.Baseline
		}
		hf.Why += ": it does not fail the run."
	}
	return hf
}

// htmlFixOf shows a fix: its message and, for each change of the text,
// a word diff of before and after.
func htmlFixOf(fx *checker.Fix, changes []checker.Change) *htmlFix {
	out := &htmlFix{Message: fx.Message}
	for _, c := range changes {
		switch {
		case c.Markup:
			out.Changes = append(out.Changes, htmlChange{Kind: "markup", Parts: wordDiffParts(strings.Join(c.Before, " "), strings.Join(c.After, " "))})
		case c.N == 0:
			for _, a := range c.After {
				out.Changes = append(out.Changes, htmlChange{Kind: "insert", Parts: []htmlPart{{Op: "ins", Text: a}}})
			}
		default:
			out.Changes = append(out.Changes, htmlChange{Kind: "text", Parts: wordDiffParts(strings.Join(c.Before, " ¶ "), strings.Join(c.After, " ¶ "))})
		}
	}
	return out
}

// diffContextWords is how many unchanged words a word diff keeps on each
// side of a change.
const diffContextWords = 6

// wordDiffParts diffs two texts word by word (checker.WordDiff), keeping
// a few unchanged words around each change.
func wordDiffParts(before, after string) []htmlPart {
	diffs := checker.WordDiff(before, after)
	var parts []htmlPart
	for i, d := range diffs {
		ws := strings.Fields(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			parts = append(parts, htmlPart{Op: "del", Text: strings.Join(ws, " ")})
		case diffmatchpatch.DiffInsert:
			parts = append(parts, htmlPart{Op: "ins", Text: strings.Join(ws, " ")})
		default:
			first, last := i == 0, i == len(diffs)-1
			const c = diffContextWords
			switch {
			case first && last:
				parts = append(parts, htmlPart{Text: strings.Join(ws, " ")})
			case first && len(ws) > c:
				parts = append(parts, htmlPart{Op: "gap"}, htmlPart{Text: strings.Join(ws[len(ws)-c:], " ")})
			case last && len(ws) > c:
				parts = append(parts, htmlPart{Text: strings.Join(ws[:c], " ")}, htmlPart{Op: "gap"})
			case !first && !last && len(ws) > 2*c+1:
				parts = append(parts, htmlPart{Text: strings.Join(ws[:c], " ")}, htmlPart{Op: "gap"}, htmlPart{Text: strings.Join(ws[len(ws)-c:], " ")})
			default:
				parts = append(parts, htmlPart{Text: strings.Join(ws, " ")})
			}
		}
	}
	return parts
}

func (h *htmlStream) Close(errs []InputError) error {
	h.sum.addErrors(errs)
	r := h.head
	page := htmlPage{
		CSP: htmlCSP, Style: template.CSS(htmlStyle), Script: template.JS(htmlScript),
		Title: "copydesk report", Tool: r.Tool.Name, Version: r.Tool.Version,
		Config: r.Config, Baseline: r.Baseline, FailOn: r.FailOnName(),
		Pass:  len(errs) == 0 && !h.failing,
		Files: h.sum.Files, Findings: h.sum.Findings, Errors: h.sum.Errors, Suppressed: h.sum.Suppressed,
		Accepted: h.accepted, Fixed: h.sum.Fixed,
		FileRows: h.rows, Clean: h.clean, InputErrors: errs,
	}
	if page.Tool == "" {
		page.Tool = "copydesk"
	}
	if h.sum.Files == 1 && len(h.rows) == 1 {
		page.Title = "copydesk report: " + h.rows[0].Path
	}
	for _, sev := range []rules.Severity{rules.SevError, rules.SevWarning, rules.SevInfo} {
		page.BySeverity = append(page.BySeverity, htmlCount{Severity: sev.String(), N: h.sum.BySeverity[sev]})
	}
	list, _ := r.ruleList()
	seen := map[string]bool{}
	for _, rule := range list {
		seen[rule.ID] = true
		if hr := h.byRule[rule.ID]; hr != nil {
			page.Rules = append(page.Rules, *hr)
			continue
		}
		page.Quiet = append(page.Quiet, htmlRule{ID: rule.ID, Anchor: h.ruleAnchor(rule.ID), Title: rule.Title,
			URL: h.linkURL(rule), Severity: rule.Severity.String()})
	}
	// Rules that only findings name (built-in rules of the checker).
	var extra []string
	for id := range h.byRule {
		if !seen[id] {
			extra = append(extra, id)
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		page.Rules = append(page.Rules, *h.byRule[id])
	}
	if err := htmlTemplates.ExecuteTemplate(h.w, "top", &page); err != nil {
		return err
	}
	if _, err := h.w.Write(h.articles.Bytes()); err != nil {
		return err
	}
	return htmlTemplates.ExecuteTemplate(h.w, "bottom", &page)
}
