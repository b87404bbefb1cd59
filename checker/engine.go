package checker

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/rules"
)

// Engine runs a set of rules over documents. It is built once per run
// (selectors and patterns are compiled once) and is safe for concurrent
// use by several goroutines, each with its own Document.
type Engine struct {
	content *Selector
	body    *Selector
	rules   []*compiled
	byID    map[string]*compiled
	// internal are the rules copydesk reports itself (parse warnings).
	internal []*rules.Rule
	allIDs   []string    // ids of every rule, sorted, for suggestions
	lits     [][]string  // literal sets found by scan, by id
	scan     *litScanner // nil when there are none
	// selectors are the engine's compiled selectors by source: rules
	// that share a selector share its matches in a check.
	selectors map[string]*Selector
}

// compiled is a rule with its selectors and conditions compiled.
type compiled struct {
	*rules.Rule
	kind    *Kind
	scope   *Selector // nil: the content
	each    *Selector
	exclude *Selector // nil: nothing is excluded
	when    *cond
	state   any // what the kind's compile step made of the rule
}

// Options are the per-file settings of a check.
type Options struct {
	// Jurisdictions of the run for this file (flags, config, overrides);
	// the document's <meta name="copydesk:jurisdiction"> adds to them.
	Jurisdictions []string
	// Severities override rule severities by id (SevOff disables a rule).
	Severities map[string]rules.Severity
	// MaxFindings caps the findings reported for the file, MaxPerRule
	// those of one rule in it; past a cap one finding says how many more
	// there were (see limit.go). 0 means the default (DefaultMaxFindings,
	// DefaultMaxPerRule); a negative value, no cap.
	MaxFindings, MaxPerRule int
}

// New compiles the rules of set. Invalid selectors are reported as a
// rules.ErrorList with the position of the key at fault.
func New(set *rules.Set) (*Engine, error) {
	var errs rules.ErrorList
	content := rules.DefaultContent
	var contentPos rules.Pos
	if set.Config != nil {
		if set.Config.Content != "" {
			content = set.Config.Content
		}
		contentPos = set.Config.KeyPos["content"]
		if contentPos.File == "" {
			contentPos.File = set.Config.Path
		}
	}
	e := &Engine{byID: make(map[string]*compiled), selectors: make(map[string]*Selector)}
	var err error
	if e.content, err = e.selector(content); err != nil {
		errs.Add(contentPos, "content", "invalid selector: %v", err)
	}
	e.body, _ = e.selector("body")
	for _, r := range set.Rules {
		e.allIDs = append(e.allIDs, r.ID)
		if r.Internal {
			e.internal = append(e.internal, r)
			continue
		}
		c := &compiled{Rule: r}
		rc := &compiler{e: e, rule: r, errs: &errs}
		if r.Scope != content { // scope: ${content} is the content, chosen as Content does
			c.scope = rc.selector("scope", r.Scope)
		}
		c.each = rc.selector("each", r.Each)
		c.exclude = rc.selector("exclude", r.Exclude)
		c.when = e.compileCond(r, r.When, "when", &errs)
		c.kind = kindOf(r)
		if c.kind == nil {
			errs.Add(r.Pos, r.KeyPath("id"), "rule has no check")
		} else {
			c.state = c.kind.compile(rc)
		}
		e.rules = append(e.rules, c)
		e.byID[r.ID] = c
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	sort.Strings(e.allIDs)
	if len(e.lits) > 0 {
		e.scan = newLitScanner(e.lits)
	}
	return e, nil
}

// coreRule returns the internal rule with the given id: the set's own,
// or for a suppression rule the set lacks (a set built by hand) a
// default one; nil for any other id.
func (e *Engine) coreRule(id string) *rules.Rule {
	for _, r := range e.internal {
		if r.ID == id {
			return r
		}
	}
	for _, r := range append(rules.SuppressionRules(), rules.LimitRule()) {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// ids returns the ids of every rule of the engine, sorted.
func (e *Engine) ids() []string { return e.allIDs }

// selector compiles a selector once per engine.
func (e *Engine) selector(src string) (*Selector, error) {
	if s, ok := e.selectors[src]; ok {
		return s, nil
	}
	s, err := CompileSelector(src)
	if err != nil {
		return nil, err
	}
	s.key = len(e.selectors) + 1
	e.selectors[src] = s
	return s, nil
}

// literals registers the required literals of a pattern, or else of a
// normalised text, and returns the id of their set, or -1 when blocks
// cannot be told apart by literals.
func (e *Engine) literals(re *regexp.Regexp, text string) int {
	if re != nil {
		return e.literalSet(requiredLiterals(re))
	}
	if text != "" {
		return e.literalSet([]string{text})
	}
	return -1
}

// literalSet registers a set of literals one of which every match
// contains, and returns its id; -1 when the set is empty or has a
// literal too short to tell blocks apart.
func (e *Engine) literalSet(set []string) int {
	if litScore(set) < minLitLen {
		return -1
	}
	e.lits = append(e.lits, set)
	return len(e.lits) - 1
}

// run is the state of one Check call.
type run struct {
	e        *Engine
	doc      *Document
	hits     []uint64                   // which literal sets each block has (litScanner.blocks); nil until needed
	matched  [][]int32                  // by Selector.key: the elements the selector matches (see matches)
	fields   []int32                    // by block: 1 + the number of words, 0 until counted (see fieldCount)
	views    map[*html.Node][]BlockView // blocks of the scopes seen so far (see blocksIn)
	wordBuf  []uint64                   // word hashes of a block (see Pass.wordHashes)
	jur      []string
	findings []Finding
	content  []*html.Node
	scopes   map[*Selector][]*html.Node
	scoped   map[scopedKey][]*html.Node // queryScope's answers
	firsts   map[scopedKey]*html.Node   // queryFirst's answers (nil: none)
	excl     map[exclKey]memo           // excluded elements by exclude selector
	hashes   []viewHash                 // by block: distinct's hash of its text (see Pass.distinctHash)

	// The caps on findings (see limit.go) and the findings of the rule
	// being run that went over its cap.
	perRule, perFile int
	ruleFound        int
	ruleOver         int
	firstOver        Span
	stopped          bool // the rule stopped looking for occurrences (findLimit)
}

// Check runs every enabled rule on doc and returns the findings sorted by
// offset, then rule id. An error means a check kind produced an invalid
// fix, which is a bug in copydesk.
func (e *Engine) Check(doc *Document, opts Options) ([]Finding, error) {
	r := &run{e: e, doc: doc, jur: documentJurisdictions(doc, opts.Jurisdictions), scopes: make(map[*Selector][]*html.Node)}
	r.perRule, r.perFile = limits(opts)
	for _, c := range e.rules {
		sev := opts.severity(c.ID, c.Rule)
		if sev == rules.SevOff {
			continue
		}
		start := len(r.findings)
		r.rule(c)
		r.ruleDone(c.Rule)
		for i := start; i < len(r.findings); i++ {
			r.findings[i].Severity = sev
		}
	}
	internal := len(r.findings)
	r.internalFindings(opts)
	r.suppress(func(id string) rules.Severity { return opts.severity(id, e.rule(id)) })
	r.capInternal(internal)
	if err := r.validate(); err != nil {
		return nil, err
	}
	r.sort()
	r.capFile(opts)
	return r.finish(), nil
}

// severity is the severity the rule r, whose id is id, checks at: the
// override of opts, else the rule's default (off for an opt-in rule, and
// for no rule).
func (opts *Options) severity(id string, r *rules.Rule) rules.Severity {
	if s, ok := opts.Severities[id]; ok {
		return s
	}
	if r == nil {
		return rules.SevOff
	}
	return r.DefaultSeverity()
}

// rule returns the rule of the engine with the given id, its own or an
// internal one (see coreRule); nil for any other id.
func (e *Engine) rule(id string) *rules.Rule {
	if c := e.byID[id]; c != nil {
		return c.Rule
	}
	return e.coreRule(id)
}

// documentJurisdictions adds the page's own declaration to the run's.
func documentJurisdictions(doc *Document, jur []string) []string {
	out := append([]string(nil), jur...)
	if v, ok := doc.Meta("copydesk:jurisdiction"); ok {
		for _, j := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' }) {
			out = append(out, strings.ToLower(j))
		}
	}
	return out
}

// scopeElements returns the elements a rule looks at.
func (r *run) scopeElements(c *compiled) []*html.Node {
	if c.scope == nil {
		if r.content == nil {
			r.content = r.e.Content(r.doc).Nodes
		}
		return r.content
	}
	s, ok := r.scopes[c.scope]
	if !ok {
		s = c.scope.Scopes(r.doc)
		r.scopes[c.scope] = s
	}
	return s
}

// excluded reports whether n is, or is inside, an element that the
// rule's exclude selector matches, inside the scope element: the scope
// itself and the elements around it do not count, so a page-wide class
// (<body class="has-comments">, a wrapper's "with-sidebar") does not
// exclude the whole article. Answers are memoised per selector and
// scope, so every element is matched once however many blocks it holds.
func (r *run) excluded(c *compiled, n, scope *html.Node) bool {
	if c.exclude == nil {
		return false
	}
	if r.excl == nil {
		r.excl = make(map[exclKey]memo)
	}
	k := exclKey{c.exclude, scope}
	m, ok := r.excl[k]
	if !ok {
		m = newMemo(r.doc)
		r.excl[k] = m
	}
	return m.insideMatchWithin(n, scope, c.exclude.Match)
}

// exclKey identifies the answers of an exclude selector in one scope.
type exclKey struct {
	sel   *Selector
	scope *html.Node
}

// insideMatch reports whether n or one of its ancestor elements satisfies
// match.
func insideMatch(n *html.Node, match func(*html.Node) bool) bool {
	for e := n; e != nil && e.Type == html.ElementNode; e = e.Parent {
		if match(e) {
			return true
		}
	}
	return false
}

// memo remembers a yes/no answer for each element of a document, by
// node id: 0 not known yet, 1 no, 2 yes (3: see insideMatchWithin), two
// bits a node (a byte a node took 14 MB for the exclude lists of a
// 100 MB article's check).
type memo struct {
	d   *Document
	ans []uint64
}

func newMemo(d *Document) memo { return memo{d: d, ans: make([]uint64, (int(d.nodes)+31)/32)} }

// get returns the answer remembered for node id.
func (m memo) get(id int32) uint8 { return uint8(m.ans[id/32]>>(2*(id%32))) & 3 }

// set remembers answer a (1 to 3) for node id, which has none yet.
func (m memo) set(id int32, a uint8) { m.ans[id/32] |= uint64(a) << (2 * (id % 32)) }

// insideMatch reports whether n or one of its ancestor elements satisfies
// match. The walk goes up to the first element whose answer is known and
// fills in the elements below it, so that each element is matched once
// however often it is asked about.
func (m memo) insideMatch(n *html.Node, match func(*html.Node) bool) bool {
	var path []int32
	v := false
	for e := n; e != nil && e.Type == html.ElementNode; e = e.Parent {
		id := m.d.id(e)
		if id < 0 {
			return insideMatch(n, match) // not the document's: nothing to remember
		}
		if a := m.get(id); a != 0 {
			v = a == 2
			break
		}
		path = append(path, id)
	}
	for i := len(path) - 1; i >= 0; i-- {
		id := path[i]
		v = v || match(m.d.node(id))
		if v {
			m.set(id, 2)
		} else {
			m.set(id, 1)
		}
	}
	return v
}

// insideMatchWithin reports whether n or one of its ancestor elements
// below scope satisfies match; false when n is not inside scope. The
// answers remembered are those for this scope.
func (m memo) insideMatchWithin(n, scope *html.Node, match func(*html.Node) bool) bool {
	const outside = 3 // an answer beside no and yes: the element is not inside scope
	var path []int32
	v := false
	inside := false
	e := n
	for ; ; e = e.Parent {
		if e == nil || e.Type != html.ElementNode {
			inside = scope == nil || scope == m.d.Root
			break
		}
		if e == scope {
			inside = true
			break
		}
		id := m.d.id(e)
		if id < 0 {
			return false // not the document's
		}
		if a := m.get(id); a != 0 {
			inside, v = a != outside, a == 2
			break
		}
		path = append(path, id)
	}
	for i := len(path) - 1; i >= 0; i-- {
		id := path[i]
		if !inside {
			m.set(id, outside)
			continue
		}
		v = v || match(m.d.node(id))
		if v {
			m.set(id, 2)
		} else {
			m.set(id, 1)
		}
	}
	return v
}

// rule runs one rule over the document.
func (r *run) rule(c *compiled) {
	// What depends on the page alone is asked once, not per each element.
	if len(c.Jurisdictions) > 0 && !anyIn(c.Jurisdictions, r.jur) || c.when != nil && c.when.pageFails(r) {
		return
	}
	for _, scope := range r.scopeElements(c) {
		if c.each == nil {
			r.target(c, scope, scope, false)
			continue
		}
		for _, el := range r.queryScope(scope, c.each) {
			if !r.excluded(c, el, scope) {
				r.target(c, scope, el, true)
			}
		}
	}
}

// target runs a rule's check on one scope or each element n found in
// the scope element outer.
func (r *run) target(c *compiled, outer, n *html.Node, each bool) {
	p := &Pass{
		Doc:   r.doc,
		Rule:  c.Rule,
		Scope: n,
		Each:  each,
		outer: outer,
		c:     c,
		run:   r,
	}
	if len(c.Jurisdictions) > 0 && !anyIn(c.Jurisdictions, r.jur) {
		return
	}
	if c.when != nil && !c.when.eval(p) {
		return
	}
	c.kind.check(p)
}

// validate validates the fixes of the findings and fills in what they
// match.
func (r *run) validate() error {
	doc := r.doc
	for i := range r.findings {
		f := &r.findings[i]
		if f.Fix != nil {
			if err := f.Fix.validate(len(doc.Src)); err != nil {
				return fmt.Errorf("rule %s: %w", f.Rule.ID, err)
			}
		}
		if f.Match == "" {
			f.Match = collapse(doc.Src[f.Span.Start:f.Span.End], 200)
		} else {
			// Findings outlive the document: keep no part of its memory.
			f.Match = strings.Clone(f.Match)
		}
	}
	return nil
}

// sort sorts the findings by offset, then rule id.
func (r *run) sort() {
	sort.SliceStable(r.findings, func(i, j int) bool {
		a, b := &r.findings[i], &r.findings[j]
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		return a.Rule.ID < b.Rule.ID
	})
}

// finish fills the positions of the sorted findings.
func (r *run) finish() []Finding {
	doc := r.doc
	// Positions in increasing offset order, so each counts on from the
	// one before (Document.Position); starts first, then ends and edits.
	var rest []*Position
	for i := range r.findings {
		f := &r.findings[i]
		f.Start = doc.Position(f.Span.Start)
		f.End.Offset = f.Span.End
		rest = append(rest, &f.End)
		if f.Fix != nil {
			for k := range f.Fix.Edits {
				e := &f.Fix.Edits[k]
				e.StartPos.Offset, e.EndPos.Offset = e.Start, e.End
				rest = append(rest, &e.StartPos, &e.EndPos)
			}
		}
	}
	sort.SliceStable(rest, func(i, j int) bool { return rest[i].Offset < rest[j].Offset })
	for _, p := range rest {
		*p = doc.Position(p.Offset)
	}
	doc.toFile(r.findings)
	return r.findings
}

// collapse returns s with white space runs collapsed, at most n bytes
// long (cut at a character boundary).
func collapse(s []byte, n int) string {
	f := strings.Join(strings.Fields(string(s)), " ")
	if len(f) <= n {
		return f
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(f[cut]) {
		cut--
	}
	return f[:cut]
}

// Pass is what a check kind sees of one rule applied to one scope: the
// document, the rule, the scope (or each) element and its blocks of text.
// Kinds report findings through it; they never print or decide severity.
type Pass struct {
	Doc   *Document
	Rule  *rules.Rule
	Scope *html.Node // the scope element, or the each element
	Each  bool       // Scope is an each element

	outer *html.Node // the scope element; with each, the one Scope was found in
	c     *compiled
	run   *run
	view  []BlockView
	viewd bool
}

// BlockView is the part of a block that lies inside a pass's scope.
type BlockView struct {
	Index  int // index in Document.Blocks
	Lo, Hi int // the text range of the block inside the scope
}

// Blocks returns the blocks of text inside the scope, in document order,
// each clipped to the scope, leaving out those the rule excludes. Rules
// with the same scope share the slice: it must not be modified.
func (p *Pass) Blocks() []BlockView {
	if !p.viewd {
		p.view = p.run.blocksIn(p.Scope)
		if p.c.exclude != nil {
			kept := make([]BlockView, 0, len(p.view))
			for _, v := range p.view {
				if !p.run.excluded(p.c, p.Doc.Blocks[v.Index].Node, p.outer) {
					kept = append(kept, v)
				}
			}
			p.view = kept
		}
		p.viewd = true
	}
	return p.view
}

// excludedBlock reports whether the rule excludes the block held by
// element n (see Blocks).
func (p *Pass) excludedBlock(n *html.Node) bool {
	return p.c.exclude != nil && p.run.excluded(p.c, n, p.outer)
}

// Query returns the elements of the scope that m matches, leaving out
// those the rule excludes.
func (p *Pass) Query(m *Selector) []*html.Node {
	found := p.run.query(p.Scope, m)
	if p.c.exclude == nil {
		return found
	}
	kept := found[:0]
	for _, el := range found {
		if !p.run.excluded(p.c, el, p.outer) {
			kept = append(kept, el)
		}
	}
	return kept
}

// mayMatch reports whether a block view can hold a match of what has the
// literal set lit: false only when the block has none of its literals.
func (p *Pass) mayMatch(v BlockView, lit int) bool {
	if lit < 0 || p.run.e.scan == nil {
		return true
	}
	r := p.run
	if r.hits == nil {
		r.hits = r.e.scan.blocks(r.doc)
	}
	stride := r.e.scan.stride
	return r.hits[v.Index*stride+lit/64]&(1<<(lit%64)) != 0
}

// Text returns the text of a block view.
func (p *Pass) Text(v BlockView) string { return p.Doc.Blocks[v.Index].Text[v.Lo:v.Hi] }

// SourceSpan maps a text range of a block view to source bytes.
func (p *Pass) SourceSpan(v BlockView, i, j int) Span {
	return p.Doc.SourceSpan(&p.Doc.Blocks[v.Index], v.Lo+i, v.Lo+j)
}

// blocksIn is Document.blocksIn, remembered for the check when it holds
// more than a few blocks: most rules look at the same scope. The views
// are shared: callers copy before they change them. The blocks of a small
// scope (a figure, a paragraph) are found again each time, which costs a
// binary search: remembering them for each of 300,000 figures took 34 MB.
func (r *run) blocksIn(n *html.Node) []BlockView {
	if v, ok := r.views[n]; ok {
		return v
	}
	v := r.doc.blocksIn(n)
	if len(v) <= smallScope {
		return v
	}
	if r.views == nil {
		r.views = make(map[*html.Node][]BlockView)
	}
	r.views[n] = v
	return v
}

// smallScope is the most blocks of a scope that blocksIn finds again
// rather than remembers.
const smallScope = 4

// blocksIn returns the blocks that lie (at least partly) inside n.
func (d *Document) blocksIn(n *html.Node) []BlockView {
	span := d.Span(n)
	if n == d.Root {
		span = Span{0, len(d.Src)}
	}
	blocks := d.Blocks
	first := sort.Search(len(blocks), func(i int) bool { return blocks[i].Span.End > span.Start })
	end := first + sort.Search(len(blocks)-first, func(i int) bool { return blocks[first+i].Span.Start >= span.End })
	if end == first {
		return nil
	}
	// Sized once: grown by append, the views of a page of 300,000
	// blocks left four times their size as garbage.
	out := make([]BlockView, 0, end-first)
	for i := first; i < end; i++ {
		b := &blocks[i]
		if span.Contains(b.Span) {
			out = append(out, BlockView{Index: i, Lo: 0, Hi: len(b.Text)})
			continue
		}
		lo, hi := d.TextRange(b, span)
		// Trim the white space a clipped range may start or end with.
		for lo < hi && b.Text[lo] == ' ' {
			lo++
		}
		for hi > lo && b.Text[hi-1] == ' ' {
			hi--
		}
		if lo < hi {
			out = append(out, BlockView{Index: i, Lo: lo, Hi: hi})
		}
	}
	return out
}

// Report records a finding at span. defaultMsg words the problem when the
// rule has no message of its own; data fills the rule's message template.
func (p *Pass) Report(span Span, defaultMsg string, data rules.MessageData, fix *Fix) {
	if p.run.over(span) {
		return
	}
	msg := defaultMsg
	if p.Rule.Msg != nil {
		var b strings.Builder
		if err := p.Rule.Msg.Execute(&b, data); err == nil {
			msg = b.String()
		}
	}
	p.run.findings = append(p.run.findings, Finding{
		Rule:     p.Rule,
		Message:  msg,
		Span:     span,
		Match:    data.Match,
		Expected: data.Expected,
		Fix:      fix,
	})
}

// StartTag returns the span of the scope element's start tag, where
// findings about the scope as a whole are reported. For the document
// root (a page with no elements) it is the empty span at offset 0.
func (p *Pass) StartTag() Span {
	if p.Scope == p.Doc.Root {
		return Span{}
	}
	return p.Doc.StartTag(p.Scope)
}

// escapeText escapes s for use as HTML text content.
func escapeText(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
