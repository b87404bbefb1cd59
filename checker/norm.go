package checker

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/rules"
)

// normText is a block's text under a set of normalisations, with a map
// from its byte offsets back to offsets of the block text.
type normText struct {
	s      string
	toText []int32 // len(s)+1 entries; nil when s is the text itself
}

// textOffset maps an offset of the normalised text to the block text.
func (n *normText) textOffset(i int) int {
	if n.toText == nil {
		return i
	}
	return int(n.toText[i])
}

type normKey struct {
	block int
	flags rules.Normalize
}

// normRune returns what r becomes under the normalisations.
func normRune(r rune, flags rules.Normalize) rune {
	if isCaseless(r) {
		return r
	}
	if flags&rules.NormQuotes != 0 {
		switch r {
		case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '\u2039', '\u203a', '`', '\u00b4':
			return '\''
		case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u00ab', '\u00bb':
			return '"'
		}
	}
	if flags&rules.NormDashes != 0 {
		switch r {
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe58', '\ufe63', '\uff0d':
			return '-'
		}
	}
	if flags&rules.NormCase != 0 {
		return unicode.ToLower(r)
	}
	return r
}

// ruleText normalises the text of a require or forbid rule as block text
// is: runs of white space become one space. A space the author put at an
// end is kept (forbid text ' -- ' is the dashes between words, and its
// replacement ' — ' then replaces the spaces too); white space at an end
// that holds a line break is only YAML layout (a block scalar's final
// newline) and is dropped.
func ruleText(s string) string {
	if i := len(s) - len(strings.TrimRightFunc(s, unicode.IsSpace)); i > 0 && strings.ContainsAny(s[len(s)-i:], "\r\n") {
		s = s[:len(s)-i]
	}
	if t := strings.TrimLeftFunc(s, unicode.IsSpace); len(t) < len(s) && strings.ContainsAny(s[:len(s)-len(t)], "\r\n") {
		s = t
	}
	lead := s != "" && unicode.IsSpace(rune(s[0]))
	trail := s != "" && unicode.IsSpace(rune(s[len(s)-1]))
	s = NormalizeString(s, rules.DefaultNormalize)
	if s == "" {
		return s
	}
	if lead {
		s = " " + s
	}
	if trail {
		s += " "
	}
	return s
}

// NormalizeString applies the normalisations to s, including white space
// collapsing (which block text already has) when NormSpace is set.
func NormalizeString(s string, flags rules.Normalize) string {
	if flags&rules.NormSpace != 0 {
		s = strings.Join(strings.Fields(s), " ")
	}
	return strings.Map(func(r rune) rune { return normRune(r, flags) }, s)
}

// normalized returns the text of block i under flags (white space is
// already collapsed in block text), cached for the document.
func (d *Document) normalized(i int, flags rules.Normalize) *normText {
	flags &^= rules.NormSpace
	key := normKey{i, flags}
	if n, ok := d.norm[key]; ok {
		return n
	}
	n := normalize(d.Blocks[i].Text, flags)
	if d.norm == nil {
		d.norm = make(map[normKey]*normText)
	}
	d.norm[key] = n
	return n
}

func normalize(text string, flags rules.Normalize) *normText {
	changed := false
	for _, r := range text {
		if (r >= utf8.RuneSelf || r == '`' || 'A' <= r && r <= 'Z') && normRune(r, flags) != r {
			changed = true
			break
		}
	}
	if !changed {
		return &normText{s: text}
	}
	var b strings.Builder
	b.Grow(len(text))
	to := make([]int32, 0, len(text)+1)
	for i, r := range text {
		if r == utf8.RuneError {
			// Keep invalid bytes as they are, one by one.
			if _, size := utf8.DecodeRuneInString(text[i:]); size == 1 {
				b.WriteByte(text[i])
				to = append(to, int32(i))
				continue
			}
		}
		m := normRune(r, flags)
		n := b.Len()
		b.WriteRune(m)
		for k := n; k < b.Len(); k++ {
			to = append(to, int32(i))
		}
	}
	to = append(to, int32(len(text)))
	return &normText{s: b.String(), toText: to}
}

// normEqual reports whether a and b are the same text under flags (white
// space aside, which block text has collapsed already): whether
// normalize(a, flags).s == normalize(b, flags).s, without building
// either. Each invalid byte stays itself in normalize and each rune
// becomes one rune, so the normalised texts are equal when their runes
// and invalid bytes are, one by one.
func normEqual(a, b string, flags rules.Normalize) bool {
	if a == b {
		return true
	}
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if ca < utf8.RuneSelf && cb < utf8.RuneSelf {
			if ca != cb && normRune(rune(ca), flags) != normRune(rune(cb), flags) {
				return false
			}
			i++
			j++
			continue
		}
		ra, na := utf8.DecodeRuneInString(a[i:])
		rb, nb := utf8.DecodeRuneInString(b[j:])
		badA, badB := ra == utf8.RuneError && na == 1, rb == utf8.RuneError && nb == 1
		switch {
		case badA || badB:
			if !badA || !badB || ca != cb {
				return false
			}
		case ra != rb && normRune(ra, flags) != normRune(rb, flags):
			return false
		}
		i += na
		j += nb
	}
	return i == len(a) && j == len(b)
}

// normView returns the text of a block view under flags; its offsets map
// back to offsets of the view's text.
func (p *Pass) normView(v BlockView, flags rules.Normalize) *normText {
	b := &p.Doc.Blocks[v.Index]
	if v.Lo == 0 && v.Hi == len(b.Text) {
		return p.Doc.normalized(v.Index, flags)
	}
	return normalize(b.Text[v.Lo:v.Hi], flags&^rules.NormSpace)
}

// occurrence is a match inside a block view: its view-text range.
type occurrence struct {
	v      BlockView
	lo, hi int   // range in the view's text
	sub    []int // submatch indexes relative to the view's text (patterns only)
}

// findText returns the occurrences of the normalised literal text in the
// views, under the default normalisation plus extra.
func (p *Pass) findText(views []BlockView, text string, extra rules.Normalize, lit int) []occurrence {
	var out []occurrence
	if text == "" {
		return nil
	}
	limit := p.findLimit()
	for _, v := range views {
		if !p.mayMatch(v, lit) {
			continue
		}
		n := p.normView(v, rules.DefaultNormalize|extra)
		for at := 0; ; {
			if limit >= 0 && len(out) >= limit {
				p.run.stopped = true
				return out
			}
			i := strings.Index(n.s[at:], text)
			if i < 0 {
				break
			}
			lo, hi := at+i, at+i+len(text)
			out = append(out, occurrence{v: v, lo: n.textOffset(lo), hi: n.textOffset(hi)})
			at = hi
		}
	}
	return out
}

// findWords returns the occurrences of a words pattern that start and end
// at word boundaries (a word is a run of Unicode letters, marks and digits).
func (p *Pass) findWords(views []BlockView, re *regexp.Regexp, lit int) []occurrence {
	var out []occurrence
	limit := p.findLimit()
	for _, v := range views {
		if !p.mayMatch(v, lit) {
			continue
		}
		n := p.normView(v, rules.DefaultNormalize)
		s := n.s
		for at := 0; at <= len(s); {
			if limit >= 0 && len(out) >= limit {
				p.run.stopped = true
				return out
			}
			m := re.FindStringIndex(s[at:])
			if m == nil {
				break
			}
			lo, hi := at+m[0], at+m[1]
			if hi > lo && wordBoundary(s, lo) && wordBoundary(s, hi) {
				out = append(out, occurrence{v: v, lo: n.textOffset(lo), hi: n.textOffset(hi)})
				at = hi
				continue
			}
			// Not at a boundary: retry one character further.
			_, size := utf8.DecodeRuneInString(s[lo:])
			at = lo + max(size, 1)
		}
	}
	return out
}

// wordBoundary reports whether offset i of s is not inside a word.
func wordBoundary(s string, i int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i:])
	return i == 0 || i == len(s) || !isWordRune(before) || !isWordRune(after)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_'
}
