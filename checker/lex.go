package checker

import (
	"bytes"

	"golang.org/x/net/html"
)

// lexer splits a page into the tokens golang.org/x/net/html's Tokenizer
// would give it: the same types with the same raw bytes, in every state
// of that tokenizer, including where it departs from the HTML standard
// (lex_test.go compares the two on the corpus, the html5lib tests and by
// fuzzing). The builder reads names and text from the raw bytes itself,
// so the lexer finds where each token ends, and on the way the spans of
// a start tag's attributes (as the Tokenizer keeps them, undecoded). It
// searches the page with bytes.IndexByte instead of reading it a byte at
// a time, and copies nothing.
//
// A token is src[start:end], where start is the end of the token before.
// The tokens partition the page up to the ErrorToken that ends it, which
// comes at the end of the page or at a tag the page ends inside.
type lexer struct {
	src []byte
	pos int // where the next token starts
	// rawTag is the element whose content the next token is read as
	// ("script", "title", …), or "": set by its start tag, cleared by
	// notRawText.
	rawTag string
	// The current token's type, and for a comment or doctype where its
	// text is (see text).
	tt     html.TokenType
	ds, de int
	// scratch is room for a text that differs from the page's bytes.
	scratch []byte
	// attrs are the attributes of the start tag at attrsAt that the
	// tokenizer keeps (those with a key that is not empty and not a
	// repeat, ignoring ASCII case), as spans of the page; upper is
	// whether lowerName changes any of its keys (kept or not).
	attrs   []attrSpan
	attrsAt int
	upper   bool
	keys    attrKeys
	// maxAttrs, when not 0, is the most attributes of a tag kept past
	// the first: a page whose tag has more is over its node budget, and
	// the builder stops at that tag (a tag of a million attributes would
	// otherwise cost their spans and the set of their keys first).
	maxAttrs int
}

// notRawText tells the lexer that the next token is not the raw text
// content of the element whose start tag it has just read (the builder
// decides that; Tokenizer.NextIsNotRawText).
func (l *lexer) notRawText() { l.rawTag = "" }

// next reads the next token and returns its type and the offset where it
// ends. With cdata, "<![CDATA[…]]>" is a text token, otherwise a bogus
// comment (Tokenizer.AllowCDATA).
func (l *lexer) next(cdata bool) (html.TokenType, int) {
	tt, end := l.scan(cdata)
	l.tt = tt
	if tt == html.ErrorToken {
		l.pos = len(l.src)
		return tt, len(l.src)
	}
	l.pos = end
	return tt, end
}

func (l *lexer) scan(cdata bool) (html.TokenType, int) {
	src, start := l.src, l.pos
	n := len(src)
	if tag := l.rawTag; tag != "" {
		l.rawTag = ""
		var end int
		switch tag {
		case "plaintext":
			end = n
		case "script":
			end = scriptEnd(src, start)
		default:
			end = rawEnd(src, start, tag)
		}
		if end > start {
			return html.TextToken, end
		}
	}
	if start >= n {
		return html.ErrorToken, n
	}
	// Text runs to the first '<' that starts a tag, a comment or a
	// doctype: one followed by a letter, '/', '!' or '?'. A '<' at the
	// very end is text.
	i := start
	for {
		k := bytes.IndexByte(src[i:], '<')
		if k < 0 || i+k+1 >= n {
			return html.TextToken, n
		}
		i += k
		if markupStart[src[i+1]] {
			break
		}
		i++
	}
	if i > start {
		return html.TextToken, i
	}
	switch c := src[i+1]; c {
	case '/':
		return l.endTag(i)
	case '!':
		return l.declaration(i, cdata)
	case '?':
		return html.CommentToken, closeAngle(src, i+1)
	}
	// A start tag.
	l.attrs, l.attrsAt, l.upper, l.keys = l.attrs[:0], i, false, attrKeys{}
	end, name := l.scanTag(i+1, true)
	if end < 0 {
		return html.ErrorToken, n
	}
	l.rawTag = rawTextName(src[i+1 : name])
	// "/>" ends a self-closing tag, unless the '/' is the last byte of
	// the value of the last attribute kept (<a href=/>).
	if src[end-2] == '/' && (len(l.attrs) == 0 || int(l.attrs[len(l.attrs)-1].ve) != end-1) {
		return html.SelfClosingTagToken, end
	}
	return html.StartTagToken, end
}

// markupStart marks the bytes after '<' that start a token other than
// text: ASCII letters, '/', '!' and '?'.
var markupStart = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	t['/'], t['!'], t['?'] = true, true, true
	return t
}()

// isLetter reports whether c is an ASCII letter.
func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// endTag reads the token at "</" at i.
func (l *lexer) endTag(i int) (html.TokenType, int) {
	src := l.src
	switch {
	case i+2 >= len(src):
		// "</" at the end of the page is text of its own.
		return html.TextToken, len(src)
	case src[i+2] == '>':
		// "</>" is dropped; the tokenizer says so with an empty comment.
		return html.CommentToken, i + 3
	case isLetter(src[i+2]):
		end, _ := l.scanTag(i+2, false)
		if end < 0 {
			return html.ErrorToken, len(src)
		}
		return html.EndTagToken, end
	}
	// "</" and anything else is a bogus comment up to '>'.
	return html.CommentToken, closeAngle(src, i+2)
}

// closeAngle returns the end of a bogus comment whose text starts at i:
// after the next '>', or the end of the page.
func closeAngle(src []byte, i int) int {
	if k := bytes.IndexByte(src[i:], '>'); k >= 0 {
		return i + k + 1
	}
	return len(src)
}

// declaration reads the token at "<!" at i: a comment, a doctype, a
// CDATA section (when cdata) or a bogus comment.
func (l *lexer) declaration(i int, cdata bool) (html.TokenType, int) {
	src := l.src
	n := len(src)
	p := i + 2
	switch {
	case p+1 >= n:
		// "<!" or "<!x" at the end of the page.
		return html.CommentToken, n
	case src[p] == '-' && src[p+1] == '-':
		return html.CommentToken, l.comment(p + 2)
	case n-p >= len("DOCTYPE") && asciiEqualFold(src[p:p+len("DOCTYPE")], []byte("DOCTYPE")):
		q := p + len("DOCTYPE")
		for q < n && tagSpace(src[q]) {
			q++
		}
		end := closeAngle(src, q)
		l.ds, l.de = min(q, end), end
		if end > q && src[end-1] == '>' {
			l.de = end - 1
		}
		return html.DoctypeToken, end
	case cdata && bytes.HasPrefix(src[p:], []byte("[CDATA[")):
		q := p + len("[CDATA[")
		if k := bytes.Index(src[q:], []byte("]]>")); k >= 0 {
			return html.TextToken, q + k + 3
		}
		return html.TextToken, n
	}
	return html.CommentToken, closeAngle(src, p)
}

// comment returns the end of the comment whose text starts at q, after
// "<!--", and notes where its text is. The first '>' ends it that comes
// right after "--" or "--!" of the text, or after nothing but dashes
// ("<!-->", "<!--->"); with none, it runs to the end of the page.
func (l *lexer) comment(q int) int {
	src := l.src
	dashes := q // the end of the dashes the text starts with
	for dashes < len(src) && src[dashes] == '-' {
		dashes++
	}
	for r := q; ; {
		k := bytes.IndexByte(src[r:], '>')
		if k < 0 {
			break
		}
		g := r + k
		switch {
		case g == dashes, g-2 >= q && src[g-1] == '-' && src[g-2] == '-':
			l.ds, l.de = q, max(q, g-2)
			return g + 1
		case g-3 >= q && src[g-1] == '!' && src[g-2] == '-' && src[g-3] == '-':
			l.ds, l.de = q, g-3
			return g + 1
		}
		r = g + 1
	}
	// Unclosed: the text leaves out the start of a "--!>" cut short.
	end := len(src)
	text := src[q:]
	l.ds, l.de = q, end
	switch {
	case bytes.HasSuffix(text, []byte("--!")):
		l.de = end - 3
	case bytes.HasSuffix(text, []byte("--")):
		l.de = end - 2
	case bytes.HasSuffix(text, []byte("-")):
		l.de = end - 1
	}
	return end
}

// scanTag reads a tag whose name starts at i (after "<" or "</") as far
// as the '>' that ends it, the way the tokenizer reads its attributes:
// a '>' in a quoted value does not end it. It returns the end of the tag
// (-1 when the page ends inside it) and the end of its name. For a start
// tag, it notes the attributes in l.attrs and l.upper.
func (l *lexer) scanTag(i int, start bool) (end, name int) {
	src := l.src
	n := len(src)
	i++ // the name's first byte is a letter
	for i < n && tagBytes[src[i]]&(tbSpace|tbSlash|tbGT) == 0 {
		i++
	}
	name = i
	for {
		for i < n && tagSpace(src[i]) {
			i++
		}
		if i >= n {
			return -1, name
		}
		if src[i] == '>' {
			return i + 1, name
		}
		// A key; a '/' here is an empty one, which the value consumes.
		ks := i
		if src[i] != '/' {
			seen := tagBytes[src[i]]
			i++ // a '=' at the start belongs to the key
			for i < n && tagBytes[src[i]]&(tbSpace|tbSlash|tbGT|tbEq) == 0 {
				seen |= tagBytes[src[i]]
				i++
			}
			l.upper = l.upper || seen&tbUpper != 0
		}
		ke := i
		vs, ve := ke, ke
		for i < n && tagSpace(src[i]) {
			i++
		}
		if i >= n {
			return -1, name
		}
		value := src[i] == '='
		if src[i] == '/' {
			i++
		}
		if value {
			i++
			for i < n && tagSpace(src[i]) {
				i++
			}
			if i >= n {
				return -1, name
			}
			switch q := src[i]; q {
			case '>':
			case '"', '\'':
				k := bytes.IndexByte(src[i+1:], q)
				if k < 0 {
					return -1, name
				}
				vs, ve = i+1, i+1+k
				i += k + 2
			default:
				vs = i
				i++
				for i < n && tagBytes[src[i]]&(tbSpace|tbGT) == 0 {
					i++
				}
				if i >= n {
					return -1, name
				}
				ve = i
				if src[i] != '>' {
					i++
				}
			}
		}
		if start && ke > ks {
			l.keepAttr(ks, ke, vs, ve)
		}
	}
}

// keepAttr adds the attribute of the given key and value spans to
// l.attrs, unless its key repeats an earlier one.
func (l *lexer) keepAttr(ks, ke, vs, ve int) {
	if l.maxAttrs > 0 && len(l.attrs) > l.maxAttrs {
		return
	}
	if len(l.attrs) > 0 && l.keys.seen(l.src[ks:ke], l.src, l.attrs, 0) {
		return
	}
	l.attrs = append(l.attrs, attrSpan{int32(ks), int32(ke), int32(vs), int32(ve)})
}

// rawTextName returns the element, if name is one, whose content the
// tokenizer reads as raw text (or RCDATA, or plaintext); else "".
func rawTextName(name []byte) string {
	if len(name) < 3 || len(name) > 9 {
		return ""
	}
	var cands []string
	switch name[0] | 0x20 {
	case 'i':
		cands = []string{"iframe"}
	case 'n':
		cands = []string{"noembed", "noframes", "noscript"}
	case 'p':
		cands = []string{"plaintext"}
	case 's':
		cands = []string{"script", "style"}
	case 't':
		cands = []string{"textarea", "title"}
	case 'x':
		cands = []string{"xmp"}
	}
	for _, s := range cands {
		if len(s) == len(name) && asciiEqualFold(name, []byte(s)) {
			return s
		}
	}
	return ""
}

// endTagAt reports whether src has at i the end tag of tag (lower case):
// "</", the name in any case, and white space, '/' or '>'.
func endTagAt(src []byte, i int, tag string) bool {
	k := i + 2 + len(tag)
	if k >= len(src) || src[i+1] != '/' {
		return false
	}
	for j := 0; j < len(tag); j++ {
		if src[i+2+j]|0x20 != tag[j] {
			return false
		}
	}
	return tagBytes[src[k]]&(tbSpace|tbSlash|tbGT) != 0
}

// rawEnd returns the end of the raw text (or RCDATA) content of tag that
// starts at p: its end tag, or the end of the page.
func rawEnd(src []byte, p int, tag string) int {
	for {
		k := bytes.IndexByte(src[p:], '<')
		if k < 0 {
			return len(src)
		}
		if endTagAt(src, p+k, tag) {
			return p + k
		}
		p += k + 1
	}
}

// The states of a script's content past "<!--" (script data escaped and
// double escaped, and their dashes).
const (
	scriptData = iota
	scriptEscaped
	scriptEscapedDash
	scriptEscapedDashDash
	scriptDouble
	scriptDoubleDash
	scriptDoubleDashDash
)

// scriptEnd returns the end of the content of a script that starts at p:
// its "</script" end tag, or the end of the page. Inside "<!--", a
// "<script" starts a part where "</script" does not end it, as the
// tokenizer reads script data (including where it departs from the
// standard: after "<!--", a '<' followed by something other than '/' or
// a letter returns to plain script data).
func scriptEnd(src []byte, p int) int {
	n := len(src)
	state := scriptData
	for p < n {
		if state == scriptData {
			k := bytes.IndexByte(src[p:], '<')
			if k < 0 {
				return n
			}
			i := p + k
			if i+1 >= n {
				return n
			}
			switch src[i+1] {
			case '/':
				if endTagAt(src, i, "script") {
					return i
				}
				p = i + 2
			case '!':
				p = i + 2
				if p < n && src[p] == '-' {
					p++
					if p < n && src[p] == '-' {
						p++
						state = scriptEscapedDashDash
					}
				}
			default:
				p = i + 1
			}
			continue
		}
		c := src[p]
		p++
		switch c {
		case '-':
			switch state {
			case scriptEscaped:
				state = scriptEscapedDash
			case scriptEscapedDash:
				state = scriptEscapedDashDash
			case scriptDouble:
				state = scriptDoubleDash
			case scriptDoubleDash:
				state = scriptDoubleDashDash
			}
			continue
		case '>':
			if state == scriptEscapedDashDash || state == scriptDoubleDashDash {
				state = scriptData
				continue
			}
		case '<':
			if state >= scriptDouble {
				state = scriptDouble
				if p < n && src[p] == '/' {
					// "</script" ends the double-escaped part.
					if endTagAt(src, p-1, "script") {
						p += len("/script") + 1
						state = scriptEscaped
					} else {
						p++
					}
				}
				continue
			}
			i := p - 1
			if p >= n {
				return n
			}
			switch c := src[p]; {
			case c == '/':
				if endTagAt(src, i, "script") {
					return i
				}
				p++
				state = scriptEscaped
			case isLetter(c):
				state = scriptEscaped
				m := 0
				for m < len("script") && p+m < n && src[p+m]|0x20 == "script"[m] {
					m++
				}
				switch {
				case p+m >= n:
					return n
				case m < len("script"):
					p += m
				case tagBytes[src[p+m]]&(tbSpace|tbSlash|tbGT) != 0:
					p += m + 1
					state = scriptDouble
				default:
					p += m
				}
			default:
				state = scriptData
			}
			continue
		}
		if state < scriptDouble {
			state = scriptEscaped
		} else {
			state = scriptDouble
		}
	}
	return n
}

// text returns the text of the current comment or doctype token as
// Tokenizer.Text does: line breaks normalised, in a comment each NUL
// replaced by U+FFFD, and character references decoded. It may be the
// page's own bytes, which must not be changed.
func (l *lexer) text() []byte {
	s := l.src[l.ds:l.de]
	comment := l.tt == html.CommentToken
	if bytes.IndexByte(s, '\r') < 0 && (!comment || bytes.IndexByte(s, 0) < 0) && bytes.IndexByte(s, '&') < 0 {
		return s
	}
	out := l.scratch[:0]
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\r':
			out = append(out, '\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == 0 && comment:
			out = append(out, "\ufffd"...)
		default:
			out = append(out, c)
		}
	}
	l.scratch = out
	if bytes.IndexByte(out, '&') >= 0 {
		return []byte(html.UnescapeString(string(out)))
	}
	return out
}

// attrUnescape appends to dst the attribute value s (its line breaks and
// NULs already cleaned) with its character references decoded as
// Tokenizer.TagAttr decodes them, and reports whether it could: it knows
// numeric references, "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" and
// "&nbsp;", and an "&" that starts no reference ("& ", "&;", and
// "&name=", which the Tokenizer leaves alone in a value). For any other
// named reference it returns false, and the caller asks a Tokenizer.
func attrUnescape(dst, s []byte) ([]byte, bool) {
	for {
		j := bytes.IndexByte(s, '&')
		if j < 0 {
			return append(dst, s...), true
		}
		dst = append(dst, s[:j]...)
		s = s[j:]
		k := 1 // the end of the name after "&"
		for k < len(s) && isAlnum(s[k]) {
			k++
		}
		switch {
		case k == 1 && len(s) > 1 && s[1] == '#':
			k = numericRefEnd(s)
			dst = append(dst, html.UnescapeString(string(s[:k]))...)
		case k == 1, k < len(s) && s[k] == '=':
			dst = append(dst, '&')
			k = 1
		case k < len(s) && s[k] == ';':
			r, ok := commonRefs[string(s[1:k])]
			if !ok {
				return dst, false
			}
			dst = append(dst, r...)
			k++
		default:
			return dst, false
		}
		s = s[k:]
	}
}

// commonRefs are the named references attrUnescape decodes, by name
// without the ';' they must end with.
var commonRefs = map[string]string{"amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u00a0"}

// numericRefEnd returns the length of the numeric character reference
// at the start of s ("&#" and decimal digits, or "&#x" and hex digits,
// and an optional ';'), or 1 when no digits follow: the "&" is text.
func numericRefEnd(s []byte) int {
	i := 2
	hex := i < len(s) && s[i]|0x20 == 'x'
	if hex {
		i++
	}
	i0 := i
	for i < len(s) && ('0' <= s[i] && s[i] <= '9' || hex && 'a' <= s[i]|0x20 && s[i]|0x20 <= 'f') {
		i++
	}
	switch {
	case i == i0:
		return 1
	case i < len(s) && s[i] == ';':
		return i + 1
	}
	return i
}
