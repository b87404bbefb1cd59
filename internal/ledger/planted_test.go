package ledger

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/copydesk/copydesk/checker"
	"golang.org/x/net/html"
)

// The planted-violation recall test takes real pages of the corpus,
// plants one violation into a copy of each (in memory), and checks that
// the rule that should catch it reports a finding on the planted element
// (or, for a missing text, anywhere) that the page before planting does
// not have. Each planting is what a real CMS would publish: a real
// caption without its credit, a template's empty media slot, a paragraph
// pasted twice, a wire story without its closing credit line, a notice
// with one word changed.
//
// A page hosts a type when it has what the planting needs (a credited
// photo, an English page with a paragraph that names no speaker, …);
// the test plants each type into up to plantSample such pages, taking
// one page per site in turn so that as many sites as possible are
// measured, and reports how many pages could host it. Pages in legacy
// encodings (plantings splice UTF-8 bytes) and pages over maxPlantSize
// are not used.

// plantSample is how many pages each type is planted into.
const plantSample = 25

// minRecall is the share of planted violations a rule must catch.
const minRecall = 0.90

// knownGaps are the planted types that today's packs catch less than
// minRecall of the time, with why (see the misses TestPlantedRecall
// logs). The packs are being tuned to catch
// them: delete a line when its type passes — a type listed here that
// reaches minRecall fails the test, so the list cannot go stale.
var knownGaps = map[string]string{}

// planting is one planted copy of a page.
type planting struct {
	before []byte       // the page before planting; nil: the page as it is
	after  []byte       // the page with the violation
	at     checker.Span // in after: the element the finding must be on (types with at)
	was    checker.Span // in before: that element, when it was there before (a credit removed from it)
	rules  []string     // the rules that count, when the planting narrows its type's
}

// plantedType is a kind of violation the test plants.
type plantedType struct {
	name    string
	title   string   // what is planted, for the README
	rules   []string // rules that catch it
	section string   // the section whose rules run
	at      bool     // the finding must be on the planted element; else any finding of rules that the page before lacks
	min     int      // fewest pages the corpus must let it be planted into
	plant   func(h *hostPage) (planting, bool)
}

// The notices of the ru packs, as the packs' help gives them, with the
// publisher and agent of testdata/ledger/all-packs.copydesk.yml.
const (
	undesirableNotice  = `RFE/RL has been declared an "undesirable organization" by the Russian government.`
	undesirableWarning = `If you are in Russia or the Russia-controlled parts of Ukraine and hold a Russian passport or are a stateless person residing permanently in Russia or the Russia-controlled parts of Ukraine, please note that you could face fines or imprisonment for sharing, liking, commenting on, or saving our content, or for contacting us.`
	agentLabel         = `Настоящий материал (информация) произведен, распространен и (или) направлен иностранным агентом «Медуза» либо касается деятельности иностранного агента «Медуза»`
)

// emptySlotImage is the image of an empty media slot: RFE/RL's CMS
// names media by GUID, and the empty slot has none.
const emptySlotImage = `https://gdb.rferl.org/00000000-0000-0000-0000-000000000000_w250_r1.jpg`

var plantedTypes = []*plantedType{
	{
		// A credited photo of the article loses the credit in its caption
		// text ("… Photo: Jane Doe", "(AP Photo/…)", "Name/AFP"): the
		// credit, from the credit word to the end of the caption, is cut;
		// the photo has no other credit (no credit element or attribute,
		// no other credit in its text, no credit in a tooltip) and still a
		// caption. The corpus has 20 such pages (19 sites); a credit that
		// opens the caption in an element of its own is that element.
		name: "credit-removed-caption", title: `a photo's credit cut from its caption text`, rules: []string{"image-credits/figure-credit"}, section: "default", at: true, min: 20,
		plant: plantCaptionCredit,
	},
	{
		// A credited photo of the article loses its credit element
		// (<span class="credit">, <p class="image-copyright">, an
		// itemprop="copyrightHolder", the figure's <footer>, or a credit
		// element right after the figure): the element is deleted; the
		// photo keeps a caption and has no other credit. The corpus has 15
		// such pages (an element that holds only a label, "(Bild: )",
		// credits nobody and is not one).
		name: "credit-removed-element", title: `a photo's credit element deleted`, rules: []string{"image-credits/figure-credit"}, section: "default", at: true, min: 15,
		plant: plantElementCredit,
	},
	{
		// A credited photo of the article outside <figure> (an image and
		// its caption element in one box, as WordPress's wp-caption or a
		// div.image with a span.caption) loses its credit, from the
		// caption's text or as a credit element, as above. The corpus has
		// 10 such pages (a product shot, with a price in its caption, needs
		// no credit and is not one).
		name: "credit-removed-no-figure", title: `the credit of a captioned photo outside <figure> removed`, rules: []string{"image-credits/figure-credit"}, section: "default", at: true, min: 10,
		plant: plantLooseCredit,
	},
	{
		// An empty media slot as RFE/RL's template renders it after the
		// story text: a figure whose image has no media and whose only
		// text is the placeholder in its alt.
		name: "placeholder-alt", title: `an empty media slot, "16x9 Image" only in its alt`, rules: []string{"image-credits/placeholder", "editorial/cms-placeholder"}, section: "default", at: true, min: 20,
		plant: func(h *hostPage) (planting, bool) {
			return h.insertAfterBody(`<figure class="img-wrap"><img src="` + emptySlotImage + `" alt="16x9 Image"></figure>`)
		},
	},
	{
		// The same empty slot with the placeholder as text, as in the
		// related-media box of the reference story.
		name: "placeholder-text", title: `an empty media slot showing "16x9 Image"`, rules: []string{"image-credits/placeholder", "editorial/cms-placeholder"}, section: "default", at: true, min: 20,
		plant: func(h *hostPage) (planting, bool) {
			return h.insertAfterBody(`<figure class="media-pholder media-pholder--16x9"><img src="` + emptySlotImage + `" alt=""><span class="img-placeholder">16x9 Image</span></figure>`)
		},
	},
	{
		// A paragraph of the story pasted again two paragraphs later, as
		// an editor's copy and paste leaves it. The rule is opt-in: it is
		// measured where opt-in rules run.
		name: "duplicate-paragraph", title: `a paragraph pasted again later`, rules: []string{"editorial/duplicate-paragraph"}, section: "all-packs", at: true, min: 20,
		plant: plantDuplicate,
	},
	{
		// Two paragraphs of the story in a row pasted again under the
		// paragraph two after them: a passage (a factbox, the body)
		// printed twice. Caught by the default rule for runs.
		name: "passage-duplicated", title: `two paragraphs in a row pasted again later`, rules: []string{"editorial/repeated-passage"}, section: "default", at: true, min: 20,
		plant: plantPassage,
	},
	{
		// A paragraph with a quotation pasted again later, as into a
		// second live-blog entry. Caught by the default rule for quotes.
		name: "quote-duplicated", title: `a quotation paragraph pasted again later`, rules: []string{"editorial/repeated-quote"}, section: "default", at: true, min: 20,
		plant: plantQuoteCopy,
	},
	{
		// The deck (an element whose class says intro, standfirst, dek,
		// lead, summary, …) pasted again as a paragraph before the
		// story's first paragraph, as the reference story's CMS did.
		name: "deck-repeated", title: `the deck pasted again as the first paragraph`, rules: []string{"editorial/repeated-deck"}, section: "default", at: true, min: 10,
		plant: plantDeck,
	},
	{
		// Wire copy loses its closing credit line: the page before is
		// the story made wire copy (an agency dateline on its first
		// paragraph, the agency's credit line after its last), the page
		// after has the dateline only. English pages.
		name: "wire-credit-removed", title: `wire copy's closing credit line removed`, rules: []string{"wire-credits/credit-line"}, section: "default", min: 20,
		plant: func(h *hostPage) (planting, bool) { return plantWire(h, true) },
	},
	{
		// An agency dateline ("WASHINGTON (AP) — ") added to the first
		// paragraph of a story that has no credit line. English pages.
		name: "wire-dateline-added", title: `an agency dateline on a story with no credit line`, rules: []string{"wire-credits/credit-line"}, section: "default", min: 20,
		plant: func(h *hostPage) (planting, bool) { return plantWire(h, false) },
	},
	{
		// A quotation paragraph with no attribution inserted after a
		// paragraph of the story that names no speaker (no verb of speech,
		// no quote, no closing colon). English pages. The rule is opt-in:
		// it runs in section all-packs, which turns opt-in rules on.
		name: "quote-unattributed", title: `a quotation after a paragraph that names no speaker`, rules: []string{"attribution/quote"}, section: "all-packs", at: true, min: 20,
		plant: plantQuote,
	},
	{
		// The "undesirable organization" notice and its warning, added at
		// the end of <body> as RFE/RL's footer prints them; then one word
		// of one of them is changed. English pages, jurisdiction ru.
		name: "undesirable-altered", title: `"undesirable organization" notice or warning, one word changed`, rules: []string{"ru-undesirable/notice", "ru-undesirable/reader-warning"}, section: "all-packs", min: 20,
		plant: func(h *hostPage) (planting, bool) { return plantUndesirable(h, true) },
	},
	{
		// The same notice block, then one of its two paragraphs removed.
		name: "undesirable-removed", title: `"undesirable organization" notice or warning removed`, rules: []string{"ru-undesirable/notice", "ru-undesirable/reader-warning"}, section: "all-packs", min: 20,
		plant: func(h *hostPage) (planting, bool) { return plantUndesirable(h, false) },
	},
	{
		// The foreign-agent label added under the headline (at the top of
		// the article body when the headline is outside it), in capitals
		// on half the pages; then one word of it is changed.
		name: "foreign-agent-altered", title: `foreign-agent label, one word changed`, rules: []string{"ru-foreign-agent/label"}, section: "all-packs", min: 20,
		plant: func(h *hostPage) (planting, bool) { return plantAgentLabel(h, true) },
	},
	{
		// The same label, then removed.
		name: "foreign-agent-removed", title: `foreign-agent label removed`, rules: []string{"ru-foreign-agent/label"}, section: "all-packs", min: 20,
		plant: func(h *hostPage) (planting, bool) { return plantAgentLabel(h, false) },
	},
}

// insertAfterBody plants markup right after the article body.
func (h *hostPage) insertAfterBody(markup string) (planting, bool) {
	at := h.afterBody()
	return planting{after: h.insert(at, markup), at: checker.Span{Start: at, End: at + len(markup)}}, true
}

func plantCaptionCredit(h *hostPage) (planting, bool) {
	for _, f := range h.figures() {
		if pl, ok := h.cutCaptionCredit(f, caption(f)); ok {
			return pl, true
		}
	}
	return planting{}, false
}

// plantLooseCredit removes the credit of a photo outside <figure>: from
// its caption's text, or its credit element.
func plantLooseCredit(h *hostPage) (planting, bool) {
	for _, bc := range h.looseImages() {
		if pl, ok := h.cutCaptionCredit(bc[0], bc[1]); ok {
			return pl, true
		}
		if pl, ok := h.cutCreditElements(bc[0], bc[1]); ok {
			return pl, true
		}
	}
	return planting{}, false
}

// cutCaptionCredit removes the credit from the text of caption c of the
// photo box f: from the first credit in its text to the end of the
// caption (a name in a link, a licence after it), starting with the
// inline element the credit opens (<small>Photo by …); a credit that
// opens the caption in an element of its own (<span>© Name</span><br>
// Caption) is that element, and the line break after it. The photo must
// have no other credit and keep a caption.
func (h *hostPage) cutCaptionCredit(f, c *html.Node) (planting, bool) {
	if c == nil || dataCredit(f) || titleCredit(f) || len(creditElements(f, c)) > 0 || h.creditAfter(f) != nil || priceRE.MatchString(nodeText(c, nil)) || h.flagged(f, "image-credits/figure-credit") {
		return planting{}, false
	}
	var cut checker.Span
	found := false
	for _, t := range textNodes(c) {
		s := h.doc.Span(t)
		loc := creditRE.FindIndex(h.src[s.Start:s.End])
		if loc == nil {
			continue
		}
		start := s.Start + loc[0]
		for start > s.Start && strings.ContainsRune(" \t\r\n([|", rune(h.src[start-1])) {
			start--
		}
		var outer *html.Node
		for e := t.Parent; e != c && strings.TrimSpace(string(h.src[h.doc.Inner(e).Start:start])) == ""; e = e.Parent {
			start, outer = h.doc.Span(e).Start, e
		}
		end := h.doc.Inner(c).End
		if outer != nil && strings.TrimSpace(stripTags(string(h.src[h.doc.Inner(c).Start:start]))) == "" {
			e := h.doc.Span(outer).End
			if br := nextElement(outer); br != nil && br.Data == "br" {
				e = h.doc.Span(br).End
			}
			if letters(html.UnescapeString(stripTags(string(h.src[e:end])))) >= 15 {
				end = e
			}
		}
		cut, found = checker.Span{Start: start, End: end}, true
		break
	}
	if !found {
		return planting{}, false
	}
	if removed := html.UnescapeString(stripTags(string(h.src[cut.Start:cut.End]))); letters(creditLabelRE.ReplaceAllString(removed, "")) < 2 {
		return planting{}, false // an empty credit slot ("(Bild: )") credits nobody
	}
	cs := h.doc.Span(c)
	left := html.UnescapeString(stripTags(string(h.src[cs.Start:cut.Start]) + string(h.src[cut.End:cs.End])))
	if letters(left) < 15 || creditRE.MatchString(left) {
		return planting{}, false
	}
	fs := h.doc.Span(f)
	return planting{
		after: edit(h.src, cut.Start, cut.End, ""),
		at:    checker.Span{Start: fs.Start, End: fs.End - cut.Len()},
		was:   fs,
	}, true
}

func plantElementCredit(h *hostPage) (planting, bool) {
	for _, f := range h.figures() {
		if pl, ok := h.cutCreditElements(f, caption(f)); ok {
			return pl, true
		}
	}
	return planting{}, false
}

// cutCreditElements deletes the credit elements of the photo box f,
// whose caption is c, or the credit element right after the box
// (<figure>…</figure><span class="image-credit">…). The photo must keep
// a caption, and have no other credit.
func (h *hostPage) cutCreditElements(f, c *html.Node) (planting, bool) {
	els := creditElements(f, c)
	if n := h.creditAfter(f); len(els) == 0 && n != nil {
		els = []*html.Node{n}
	}
	if c == nil || len(els) == 0 || dataCredit(f) || titleCredit(f, els...) || priceRE.MatchString(nodeText(c, nil)) || h.flagged(f, "image-credits/figure-credit") {
		return planting{}, false
	}
	skip := map[*html.Node]bool{}
	for _, e := range els {
		skip[e] = true
		if within(c, e) {
			return planting{}, false // the caption is inside the credit element
		}
	}
	left := nodeText(c, skip)
	if letters(left) < 15 || creditRE.MatchString(left) {
		return planting{}, false
	}
	fs := h.doc.Span(f)
	out, removed := h.src, 0
	for i := len(els) - 1; i >= 0; i-- { // from the end, so offsets hold
		s := h.doc.Span(els[i])
		out = edit(out, s.Start, s.End, "")
		if s.Start < fs.End {
			removed += s.Len()
		}
	}
	return planting{after: out, at: checker.Span{Start: fs.Start, End: fs.End - removed}, was: fs}, true
}

// creditAfter returns the visible credit element right after photo box
// f (<figure>…</figure><span class="image-credit">Name</span>), or nil.
func (h *hostPage) creditAfter(f *html.Node) *html.Node {
	n := nextElement(f)
	if n == nil || !creditClassRE.MatchString(attr(n, "class")) || h.doc.Hidden(n) || letters(creditLabelRE.ReplaceAllString(nodeText(n, nil), "")) < 2 {
		return nil
	}
	return n
}

// flagged reports whether the default packs already report rule on
// element n of the page as it is: a credit they do not take for one
// cannot be removed to measure them.
func (h *hostPage) flagged(n *html.Node, rule string) bool {
	s := h.doc.Span(n)
	for _, f := range h.findings {
		if f.Rule == rule && overlaps(f.Span, s) {
			return true
		}
	}
	return false
}

// plantPassage pastes two paragraphs that follow each other (siblings,
// nothing but white space between) again after the paragraph two
// paragraphs later.
func plantPassage(h *hostPage) (planting, bool) {
	ps := h.paragraphs(80)
	var starts []int
	for i := 0; i+3 < len(ps); i++ {
		if nextElement(ps[i]) == ps[i+1] && h.doc.Inner(ps[i+1]).End != h.doc.Span(ps[i+1]).End {
			starts = append(starts, i)
		}
	}
	if len(starts) == 0 {
		return planting{}, false
	}
	k := starts[h.pick(len(starts))]
	src := checker.Span{Start: h.doc.Span(ps[k]).Start, End: h.doc.Span(ps[k+1]).End}
	copied := string(h.src[src.Start:src.End])
	at := h.doc.Span(laterSibling(ps, k+1)).End
	return planting{after: h.insert(at, copied), at: checker.Span{Start: at, End: at + len(copied)}}, true
}

// laterSibling returns the paragraph of ps after ps[k] to paste a copy
// behind: the second paragraph after it in the same box, else the next,
// else ps[k] itself (a copy pasted in a caption or a box of its own would
// measure the box, not the rule).
func laterSibling(ps []*html.Node, k int) *html.Node {
	last := ps[k]
	for j, n := k+1, 0; j < len(ps) && n < 2; j++ {
		if ps[j].Parent == ps[k].Parent {
			last = ps[j]
			n++
		}
	}
	return last
}

// nextElement returns the element after n among its siblings, or nil.
func nextElement(n *html.Node) *html.Node {
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.ElementNode:
			return c
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) != "":
			return nil
		}
	}
	return nil
}

// quoteRE matches a quotation of 20 characters or more, as
// editorial/repeated-quote's selector does.
var quoteRE = regexp.MustCompile(`[“"„«»‹›「『][^”"“»«›‹」』]{20,}[”"“»«›‹」』]`)

// plantQuoteCopy pastes a paragraph with a quotation again two paragraphs
// later.
func plantQuoteCopy(h *hostPage) (planting, bool) {
	ps := h.paragraphs(80)
	var qs []int
	for i := 0; i+2 < len(ps); i++ {
		if quoteRE.MatchString(h.text(ps[i])) && h.doc.Inner(ps[i]).End != h.doc.Span(ps[i]).End {
			qs = append(qs, i)
		}
	}
	if len(qs) == 0 {
		return planting{}, false
	}
	k := qs[h.pick(len(qs))]
	src := h.doc.Span(ps[k])
	copied := string(h.src[src.Start:src.End])
	at := h.doc.Span(laterSibling(ps, k)).End
	return planting{after: h.insert(at, copied), at: checker.Span{Start: at, End: at + len(copied)}}, true
}

// deckClassRE matches the class of a deck (standfirst) element.
var deckClassRE = regexp.MustCompile(`(?i)intro|standfirst|\bdek|deck|lede|summary|chapo|vorspann|\blead\b|subtitle|sub-title|abstract|strapline`)

// plantDeck pastes the page's deck, the first visible element whose
// class says it is one and whose text has 60 characters or more (and no
// block inside), again as a paragraph before the story's first
// paragraph.
func plantDeck(h *hostPage) (planting, bool) {
	var deck *html.Node
	walk(h.doc.Root, func(n *html.Node) {
		if deck != nil || n.Type != html.ElementNode || !deckClassRE.MatchString(attr(n, "class")) || captionClassRE.MatchString(attr(n, "class")) || h.doc.Hidden(n) {
			return
		}
		if n.Data != "p" && n.Data != "h2" && n.Data != "div" || hasBlockChild(n) || h.furnitureBetween(n) && !h.inHeader(n) {
			return
		}
		if len([]rune(h.text(n))) >= 60 && len([]rune(h.text(n))) <= 600 {
			deck = n
		}
	})
	ps := h.paragraphs(80)
	if deck == nil || len(ps) < 2 {
		return planting{}, false
	}
	first := ps[0]
	if h.doc.Span(first).Start < h.doc.Span(deck).End {
		return planting{}, false // the deck is not above the story
	}
	copied := "<p>" + html.EscapeString(h.text(deck)) + "</p>"
	at := h.doc.Span(first).Start
	return planting{after: h.insert(at, copied), at: checker.Span{Start: at, End: at + len(copied)}}, true
}

// hasBlockChild reports whether n holds a paragraph, list, heading or
// box: a deck is text.
func hasBlockChild(n *html.Node) bool {
	found := false
	walk(n, func(c *html.Node) {
		if c != n {
			switch c.Data {
			case "p", "div", "ul", "ol", "h1", "h2", "h3", "figure", "section", "article", "table":
				found = true
			}
		}
	})
	return found
}

// inHeader reports whether n is inside a <header> (the article's header
// holds its deck; furnitureBetween counts headers as furniture).
func (h *hostPage) inHeader(n *html.Node) bool {
	for a := n; a != nil; a = a.Parent {
		if a.Data == "header" {
			return !h.furnitureBetween(a.Parent)
		}
	}
	return false
}

func plantDuplicate(h *hostPage) (planting, bool) {
	ps := h.paragraphs(80)
	if len(ps) < 4 {
		return planting{}, false
	}
	k := h.pick(len(ps) - 2)
	src := h.doc.Span(ps[k])
	if h.doc.Inner(ps[k]).End == src.End {
		return planting{}, false // closed implicitly: its copy would swallow what follows
	}
	copied := string(h.src[src.Start:src.End])
	at := h.doc.Span(ps[k+2]).End
	return planting{after: h.insert(at, copied), at: checker.Span{Start: at, End: at + len(copied)}}, true
}

// quotes are the unattributed quotations planted. None holds a verb of
// speech ("they told us"): the attribution pack takes one anywhere in the
// paragraph, quotation included, for an attribution — a limit of its own,
// not planted here.
var quotes = []string{
	`“We have learned to keep water, candles and power banks at home. Nobody waits for an announcement anymore.”`,
	`“Nobody came to help us until the trucks were already at the gate, and by then it was far too late.”`,
	`"This is not the plan we voted for, and people here are running out of patience with every passing week."`,
	`“We will keep going until every family in this town has a roof over its head before the winter comes.”`,
}

func plantQuote(h *hostPage) (planting, bool) {
	if !h.english() {
		return planting{}, false
	}
	ps := h.paragraphs(60)
	var hosts []*html.Node
	for i, p := range ps {
		t := h.text(p)
		if i > 0 && !speechRE.MatchString(t) && !strings.ContainsAny(t, quoteMarks) && h.doc.Inner(p).End != h.doc.Span(p).End {
			hosts = append(hosts, p)
		}
	}
	if len(hosts) == 0 {
		return planting{}, false
	}
	p := hosts[h.pick(len(hosts))]
	markup := "<p>" + quotes[h.pick(len(quotes))] + "</p>"
	at := h.doc.Span(p).End
	return planting{after: h.insert(at, markup), at: checker.Span{Start: at, End: at + len(markup)}}, true
}

// wires are the datelines and credit lines of the wire plantings.
var wires = []struct{ dateline, credit string }{
	{"WASHINGTON (AP) — ", "With reporting by AP"},
	{"LONDON (Reuters) - ", "(Reporting by Kate Holton; Editing by Mark Potter)"},
	{"PARIS (AFP) — ", "With reporting by AFP"},
	{"NEW YORK (AP) — ", "Associated Press writer Jennifer Peltz contributed to this report."},
}

func plantWire(h *hostPage, removeCredit bool) (planting, bool) {
	if !h.english() {
		return planting{}, false
	}
	ps := h.paragraphs(60)
	if len(ps) < 3 || datelineRE.MatchString(h.text(ps[0])) {
		return planting{}, false
	}
	for _, b := range h.body {
		if wireCreditRE.MatchString(spanText(h.doc, h.doc.Span(b), len(h.src))) {
			return planting{}, false // already wire copy
		}
	}
	for _, f := range h.findings {
		if f.Rule == "wire-credits/credit-line" {
			return planting{}, false
		}
	}
	w := wires[h.pick(len(wires))]
	first := h.doc.Inner(ps[0]).Start
	after := h.insert(first, w.dateline)
	if !removeCredit {
		return planting{after: after}, true
	}
	last := h.doc.Span(ps[len(ps)-1]).End
	before := edit(after, last+len(w.dateline), last+len(w.dateline), "<p>"+w.credit+"</p>")
	return planting{before: before, after: after}, true
}

// undesirable alterations: one word of the notice or the warning.
var undesirableEdits = []struct {
	warning   bool
	word, new string
}{
	{false, "declared", "designated"},
	{false, "undesirable", "unwanted"},
	{false, "government", "authorities"},
	{true, "passport", "visa"},
	{true, "fines", "penalties"},
	{true, "imprisonment", "prosecution"},
	{true, "sharing", "reposting"},
	{true, "could", "may"},
}

func plantUndesirable(h *hostPage, alter bool) (planting, bool) {
	body := h.bodyElement()
	if !h.english() || body == nil {
		return planting{}, false
	}
	notice, warning := undesirableNotice, undesirableWarning
	if h.pick(2) == 1 {
		notice = strings.ReplaceAll(notice, `"undesirable organization"`, `“undesirable organization”`)
	}
	block := func(notice, warning string) string {
		var b strings.Builder
		b.WriteString(`<div class="undesirable-notice" id="undesirable-notice">`)
		for _, p := range []string{notice, warning} {
			if p != "" {
				b.WriteString("<p>" + html.EscapeString(p) + "</p>")
			}
		}
		b.WriteString("</div>")
		return b.String()
	}
	at := h.doc.Inner(body).End
	before := h.insert(at, block(notice, warning))
	e := undesirableEdits[h.pick(len(undesirableEdits))]
	rule := "ru-undesirable/notice"
	if e.warning {
		rule = "ru-undesirable/reader-warning"
	}
	switch {
	case alter && e.warning:
		warning = strings.Replace(warning, e.word, e.new, 1)
	case alter:
		notice = strings.Replace(notice, e.word, e.new, 1)
	case e.warning:
		warning = ""
	default:
		notice = ""
	}
	return planting{before: before, after: h.insert(at, block(notice, warning)), rules: []string{rule}}, true
}

// agentEdits are one-word alterations of the foreign-agent label.
var agentEdits = [][2]string{
	{"произведен", "создан"},
	{"распространен", "опубликован"},
	{"направлен", "отправлен"},
	{"материал", "текст"},
	{"деятельности", "работы"},
	{"иностранным агентом", "зарубежным агентом"},
}

func plantAgentLabel(h *hostPage, alter bool) (planting, bool) {
	at := h.doc.Inner(h.body[0]).Start
	var h1 *html.Node
	for _, b := range h.body {
		walk(b, func(n *html.Node) {
			if h1 == nil && n.Data == "h1" && !h.doc.Hidden(n) {
				h1 = n
			}
		})
	}
	if h1 != nil {
		at = h.doc.Span(h1).End
	}
	caps := h.pick(2) == 0
	label := func(s string) string {
		if caps {
			s = strings.ToUpper(s)
		}
		return `<p class="foreign-agent">` + html.EscapeString(s) + `</p>`
	}
	before := h.insert(at, label(agentLabel))
	if !alter {
		return planting{before: before, after: h.src}, true
	}
	e := agentEdits[h.pick(len(agentEdits))]
	return planting{before: before, after: h.insert(at, label(strings.Replace(agentLabel, e[0], e[1], 1)))}, true
}

// textNodes returns the text nodes under n, in document order.
func textNodes(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			out = append(out, c)
		case html.ElementNode:
			out = append(out, textNodes(c)...)
		}
	}
	return out
}

// stripTags drops the tags from an HTML fragment.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func overlaps(a, b checker.Span) bool {
	if a.Len() == 0 {
		return b.Start <= a.Start && a.Start < b.End
	}
	return a.Start < b.End && b.Start < a.End
}

// plantResult is the outcome of planting one type into one page.
type plantResult struct {
	page, site string
	measured   bool   // the page before planting lacks the finding
	caught     bool   // the page after planting has it
	note       string // why not measured, or what was found instead
}

// typeResult is the outcome of one planted type.
type typeResult struct {
	typ      *plantedType
	hosts    int // pages that could host it
	results  []plantResult
	measured int
	caught   int
	sites    int
}

func (r *typeResult) recall() float64 {
	if r.measured == 0 {
		return 0
	}
	return float64(r.caught) / float64(r.measured)
}

var planted struct {
	once    sync.Once
	results []*typeResult
	err     error
}

// plantedResults plants every type, once for the tests that need it.
func plantedResults(t *testing.T) []*typeResult {
	t.Helper()
	c := corpusPass(t)
	planted.once.Do(func() { planted.results, planted.err = c.plantAll() })
	if planted.err != nil {
		t.Fatal(planted.err)
	}
	return planted.results
}

func (c *corpus) plantAll() ([]*typeResult, error) {
	sample := plantSample
	if raceEnabled {
		sample = 3
	}
	var out []*typeResult
	for _, pt := range plantedTypes {
		// The pages that can host it, one per site in turn.
		bySite := map[string][]*corpusPage{}
		var sites []string
		for _, p := range c.pages {
			if !slices.Contains(p.plantable, pt.name) {
				continue
			}
			if bySite[p.site] == nil {
				sites = append(sites, p.site)
			}
			bySite[p.site] = append(bySite[p.site], p)
		}
		var order []*corpusPage
		for round := 0; len(order) < countPages(bySite); round++ {
			for _, s := range sites {
				if round < len(bySite[s]) {
					order = append(order, bySite[s][round])
				}
			}
		}
		r := &typeResult{typ: pt, hosts: len(order)}
		seenSites := map[string]bool{}
		for len(order) > 0 && r.measured < sample {
			n := min(sample-r.measured, len(order))
			batch := order[:n]
			order = order[n:]
			results := make([]plantResult, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			sem := make(chan struct{}, runtime.GOMAXPROCS(0))
			for i, p := range batch {
				wg.Go(func() {
					sem <- struct{}{}
					defer func() { <-sem }()
					results[i], errs[i] = c.plantOne(pt, p)
				})
			}
			wg.Wait()
			for i := range batch {
				if errs[i] != nil {
					return nil, errs[i]
				}
				r.results = append(r.results, results[i])
				if results[i].measured {
					r.measured++
					seenSites[results[i].site] = true
					if results[i].caught {
						r.caught++
					}
				}
			}
		}
		r.sites = len(seenSites)
		out = append(out, r)
	}
	return out, nil
}

func countPages(m map[string][]*corpusPage) int {
	n := 0
	for _, ps := range m {
		n += len(ps)
	}
	return n
}

// plantOne plants type pt into page p and checks the copies.
func (c *corpus) plantOne(pt *plantedType, p *corpusPage) (plantResult, error) {
	res := plantResult{page: p.path, site: p.site}
	data, err := os.ReadFile(filepath.Join(c.dir, filepath.FromSlash(p.path)))
	if err != nil {
		return res, err
	}
	doc, err := checker.ParseFile(p.path, data)
	if err != nil {
		return res, err
	}
	h := newHostPage(p, doc, c.checkers["default"])
	var pl planting
	ok := h != nil
	if ok {
		pl, ok = pt.plant(h)
	}
	if !ok {
		return res, fmt.Errorf("%s: %s no longer plants (the planting is not a function of the page)", p.path, pt.name)
	}
	rules := pt.rules
	if pl.rules != nil {
		rules = pl.rules
	}
	ch := c.checkers[pt.section]
	check := func(src []byte) ([]Finding, error) {
		d, err := checker.ParseFile(p.path, src)
		if err != nil {
			return nil, err
		}
		return ch.CheckDoc(d)
	}
	before := p.findings[pt.section]
	if pl.before != nil {
		if before, err = check(pl.before); err != nil {
			return res, err
		}
	}
	for _, f := range before {
		if slices.Contains(rules, f.Rule) && (!pt.at || pl.was.Len() > 0 && overlaps(f.Span, pl.was)) {
			res.note = "before planting, the page already has " + f.Rule + " on " + f.Path
			return res, nil
		}
	}
	res.measured = true
	after, err := check(pl.after)
	if err != nil {
		return res, err
	}
	var other []string
	for _, f := range after {
		if !slices.Contains(rules, f.Rule) {
			continue
		}
		if !pt.at || overlaps(f.Span, pl.at) {
			res.caught = true
			return res, nil
		}
		other = append(other, f.Path)
	}
	res.note = "missed"
	if len(other) > 0 {
		res.note += fmt.Sprintf(" (%s reported elsewhere: %s)", strings.Join(rules, ", "), strings.Join(other, "; "))
	}
	return res, nil
}

// TestPlantedRecall plants each type into pages of the corpus and checks
// that the rules catch at least minRecall of them, but for the types in
// knownGaps, which must not reach it.
func TestPlantedRecall(t *testing.T) {
	results := plantedResults(t)
	var table strings.Builder
	fmt.Fprintf(&table, "%-24s %6s %6s %6s %6s  %s\n", "type", "hosts", "pages", "sites", "caught", "recall")
	for _, r := range results {
		fmt.Fprintf(&table, "%-24s %6d %6d %6d %6d  %.0f%%\n", r.typ.name, r.hosts, r.measured, r.sites, r.caught, 100*r.recall())
	}
	t.Logf("planted violations (hosts: pages that could host the type; pages: planted and measured):\n%s", table.String())
	for _, r := range results {
		var notes []string
		for _, res := range r.results {
			if !res.caught {
				notes = append(notes, res.page+": "+res.note)
			}
		}
		if len(notes) > 0 {
			t.Logf("%s, not caught or not measured:\n  %s", r.typ.name, strings.Join(notes, "\n  "))
		}
		if raceEnabled {
			continue // a sample, for data races; the numbers come from the run without -race
		}
		gap, known := knownGaps[r.typ.name]
		switch {
		case r.measured < r.typ.min:
			t.Errorf("%s: planted into %d pages, want at least %d (%d could host it)", r.typ.name, r.measured, r.typ.min, r.hosts)
		case known && r.recall() >= minRecall:
			t.Errorf("%s: %d of %d caught (%.0f%%): no longer a known gap (%s): delete it from knownGaps", r.typ.name, r.caught, r.measured, 100*r.recall(), gap)
		case !known && r.recall() < minRecall:
			t.Errorf("%s: %d of %d caught (%.0f%%), under %.0f%%", r.typ.name, r.caught, r.measured, 100*r.recall(), 100*minRecall)
		}
	}
}
