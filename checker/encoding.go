package checker

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"
)

// How a file's bytes are read (docs/limits.md, "Encodings"). The checker always works on
// UTF-8: a file in another encoding is decoded first, and an offsetMap
// takes offsets of the decoded text back to offsets of the file, so
// findings and fixes name bytes of the file as read. A UTF-8 file (the
// common case) is parsed as it is and has no map.
//
// The encoding is decided in this order:
//
//  1. a byte order mark: UTF-8, UTF-16LE or UTF-16BE;
//  2. UTF-16 without a byte order mark, when the file starts like markup
//     with every other byte NUL;
//  3. a charset declared in <meta charset> or <meta http-equiv=
//     Content-Type> in the first 1024 bytes (the HTML prescan), or, for a
//     file that is not valid UTF-8, anywhere before <body> (browsers
//     change encoding when they meet such a late declaration);
//  4. otherwise UTF-8.
//
// A file that declares a legacy charset but is valid UTF-8 with non-ASCII
// bytes is read as UTF-8, with a warning: such pages were converted to
// UTF-8 without updating the declaration, and decoding them as declared
// would check mojibake. Browsers' default for undeclared pages (a locale
// charset such as windows-1252) is not guessed: an undeclared file that is
// not valid UTF-8 is read as UTF-8 with a warning at the first bad byte.

// fileEncoding is the outcome of sniffing a file.
type fileEncoding struct {
	name   string            // WHATWG name: "utf-8", "utf-16le", "windows-1251", …
	enc    encoding.Encoding // nil for UTF-8
	decode bool              // the bytes must be decoded before parsing
}

// utf8Encoding is how UTF-8 files are read.
var utf8Encoding = fileEncoding{name: "utf-8"}

// errUnsupportedEncoding reports a declared encoding copydesk cannot read.
var errUnsupportedEncoding = errors.New("unsupported character encoding")

// sniffEncoding decides how to read raw and returns the warnings the
// decision gives (offsets in raw, which for UTF-8 is also the parsed text).
// transport is the charset the document came with from outside (an HTTP
// Content-Type), or "": as in browsers, a byte order mark overrides it and
// it overrides the page's own declaration.
func sniffEncoding(raw []byte, transport string) (fileEncoding, []Warning, error) {
	switch {
	case bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")):
		return utf8Encoding, invalidUTF8(raw), nil
	case bytes.HasPrefix(raw, []byte("\xfe\xff")):
		return lookupEncoding("utf-16be", true)
	case bytes.HasPrefix(raw, []byte("\xff\xfe")):
		return lookupEncoding("utf-16le", true)
	}
	if transport != "" {
		if _, name := charset.Lookup(transport); strings.HasPrefix(name, "utf-16") {
			return lookupEncoding(name, true)
		}
	}
	if name := bomlessUTF16(raw); name != "" {
		return lookupEncoding(name, true)
	}
	valid := utf8.Valid(raw)
	label, at, from := transport, 0, "is sent as"
	if label == "" {
		from = "declares"
		// Without the word "charset" no <meta> declares one.
		if prescan := raw[:min(len(raw), 1024)]; indexCharset(prescan) >= 0 {
			label, at = declaredCharset(prescan, false)
		}
		if label == "" && !valid {
			label, at = declaredCharset(raw, true)
		}
	}
	if label == "" {
		if valid {
			return utf8Encoding, nil, nil
		}
		return utf8Encoding, invalidUTF8(raw), nil
	}
	fe, _, err := lookupEncoding(label, false)
	if err != nil {
		return fileEncoding{}, nil, &FileError{Pos: positionIn(raw, at), Err: fmt.Errorf("%w %q", err, label)}
	}
	switch {
	case fe.enc == nil:
		if valid {
			return fe, nil, nil
		}
		return fe, invalidUTF8(raw), nil
	case fe.name == "iso-2022-jp":
		// A 7-bit encoding: valid UTF-8 tells nothing about it.
		fe.decode = true
		return fe, nil, nil
	case valid && hasNonASCII(raw):
		w := Warning{Offset: at, Message: fmt.Sprintf("the page %s charset %s but is valid UTF-8; checked as UTF-8 (browsers show it as %s)", from, fe.name, fe.name)}
		return utf8Encoding, []Warning{w}, nil
	case valid:
		// ASCII reads the same in every ASCII-compatible charset: parse
		// it as it is, but write fixes in the declared charset.
		return fe, nil, nil
	}
	fe.decode = true
	return fe, nil, nil
}

// KnownCharset reports whether label names an encoding copydesk reads.
func KnownCharset(label string) bool {
	enc, name := charset.Lookup(label)
	return enc != nil && name != "replacement"
}

// lookupEncoding resolves a charset label. A <meta> that declares UTF-16
// means UTF-8 (the bytes were read as ASCII to find it); bom says the
// label came from a byte order mark or its equivalent.
func lookupEncoding(label string, bom bool) (fileEncoding, []Warning, error) {
	enc, name := charset.Lookup(label)
	if enc == nil {
		// An unknown label is ignored, as browsers do.
		return utf8Encoding, nil, nil
	}
	switch {
	case name == "utf-8":
		return utf8Encoding, nil, nil
	case strings.HasPrefix(name, "utf-16") && !bom:
		return utf8Encoding, nil, nil
	case name == "replacement":
		// iso-2022-kr, hz-gb-2312 and the like: browsers refuse them too.
		return fileEncoding{}, nil, errUnsupportedEncoding
	case name == "x-user-defined" && !bom:
		enc, name = charset.Lookup("windows-1252")
	}
	return fileEncoding{name: name, enc: enc, decode: bom}, nil, nil
}

// invalidUTF8 returns a warning at the first byte of raw that is not
// valid UTF-8, or nil.
func invalidUTF8(raw []byte) []Warning {
	for i := 0; i < len(raw); {
		if raw[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			return []Warning{{Offset: i, Message: fmt.Sprintf("invalid UTF-8 (byte 0x%02x); browsers show it as \ufffd", raw[i])}}
		}
		i += size
	}
	return nil
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// bomlessUTF16 recognises UTF-16 without a byte order mark by its first
// characters: markup ('<' after optional white space), no NUL character,
// and mostly ASCII (a high byte of 0 in at least 3 of 4 code units) in
// the first 256 code units. It returns "utf-16le", "utf-16be" or "".
func bomlessUTF16(raw []byte) string {
	n := min(len(raw), 512) &^ 1
	if n < 4 {
		return ""
	}
	for _, le := range []bool{true, false} {
		lo, hi := 0, 1 // index of the low and high byte of each unit
		if !le {
			lo, hi = 1, 0
		}
		ok, started, ascii := true, false, 0
		for i := 0; i < n && ok; i += 2 {
			c, h := raw[i+lo], raw[i+hi]
			switch {
			case c == 0 && h == 0:
				ok = false
			case started:
			case h == 0 && c == '<':
				started = true
			case h != 0 || c != ' ' && c != '\t' && c != '\n' && c != '\r':
				ok = false
			}
			if h == 0 {
				ascii++
			}
		}
		if ok && started && ascii*4 >= n/2*3 {
			if le {
				return "utf-16le"
			}
			return "utf-16be"
		}
	}
	return ""
}

// indexCharset returns the index of the first "charset" in b, in any
// ASCII case, or -1. (strings.ToLower would not do: it changes the length
// of some text, so its indices do not fit b.)
func indexCharset[T string | []byte](b T) int {
	const word = "charset"
	for i := 0; i+len(word) <= len(b); i++ {
		if b[i]|0x20 != 'c' {
			continue
		}
		j := 1
		for j < len(word) && b[i+j]|0x20 == word[j] {
			j++
		}
		if j == len(word) {
			return i
		}
	}
	return -1
}

// declaredCharset finds the charset a <meta> tag of raw declares and the
// offset of that tag. With untilBody it looks at the whole head (up to
// <body> or the first text); otherwise raw is the prescan window.
func declaredCharset(raw []byte, untilBody bool) (string, int) {
	z := html.NewTokenizer(bytes.NewReader(raw))
	off := 0
	for {
		tt := z.Next()
		start := off
		off += len(z.Raw())
		switch tt {
		case html.ErrorToken:
			return "", 0
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if untilBody && string(name) == "body" {
				return "", 0
			}
			if string(name) != "meta" || !hasAttr {
				continue
			}
			if label := metaCharset(z); label != "" {
				return label, start
			}
		}
	}
}

// metaCharset returns the charset a meta tag declares: its charset
// attribute, or the charset parameter of the content of an http-equiv=
// content-type pragma.
func metaCharset(z *html.Tokenizer) string {
	var cs, content string
	pragma, seen := false, map[string]bool{}
	for {
		key, val, more := z.TagAttr()
		k := string(key)
		if !seen[k] {
			seen[k] = true
			switch k {
			case "charset":
				cs = string(val)
			case "content":
				content = string(val)
			case "http-equiv":
				pragma = strings.EqualFold(strings.TrimSpace(string(val)), "content-type")
			}
		}
		if !more {
			break
		}
	}
	if cs != "" {
		return strings.TrimSpace(cs)
	}
	if pragma {
		return contentCharset(content)
	}
	return ""
}

// contentCharset extracts the charset from the content of a
// Content-Type pragma, as the HTML standard's algorithm for extracting a
// character encoding from a meta element does ("text/html; charset=koi8-r").
func contentCharset(s string) string {
	for {
		i := indexCharset(s)
		if i < 0 {
			return ""
		}
		s = strings.TrimLeft(s[i+len("charset"):], " \t\n\f\r")
		if !strings.HasPrefix(s, "=") {
			continue
		}
		s = strings.TrimLeft(s[1:], " \t\n\f\r")
		if s == "" {
			return ""
		}
		if q := s[0]; q == '"' || q == '\'' {
			end := strings.IndexByte(s[1:], q)
			if end < 0 {
				return ""
			}
			return s[1 : 1+end]
		}
		if end := strings.IndexAny(s, "; \t\n\f\r"); end >= 0 {
			return s[:end]
		}
		return s
	}
}

// offsetMap takes offsets of decoded text back to the file. The text is a
// sequence of runs; in a run every character took dw bytes of text and
// fw bytes of the file. The last run is a sentinel at the end of both.
type offsetMap struct {
	runs []mapRun
}

type mapRun struct {
	d, f   int32 // where the run starts in the text and in the file
	dw, fw int32 // bytes per character in the text and in the file; 0 for the sentinel
}

// file returns the file offset of text offset d. An offset inside a
// character maps to the start of that character.
func (m *offsetMap) file(d int) int {
	runs := m.runs
	i := sort.Search(len(runs), func(i int) bool { return int(runs[i].d) > d }) - 1
	if i < 0 {
		return 0
	}
	r := runs[i]
	if r.dw == 0 {
		return int(r.f)
	}
	return int(r.f) + (d-int(r.d))/int(r.dw)*int(r.fw)
}

// mapBuilder records the decoding of a file, character by character.
type mapBuilder struct {
	runs []mapRun
	d, f int
	cont bool // the next unit may extend the last run
}

// unit records n characters of dw text bytes, each from fw file bytes.
// A unit with no text (an escape sequence) moves the file offset only.
func (b *mapBuilder) unit(dw, fw, n int) {
	if dw == 0 {
		b.f += fw * n
		b.cont = false
		return
	}
	k := len(b.runs) - 1
	switch {
	case k >= 0 && b.cont && int(b.runs[k].dw) == dw && int(b.runs[k].fw) == fw:
	case k >= 0 && int(b.runs[k].d) == b.d:
		b.runs[k] = mapRun{int32(b.d), int32(b.f), int32(dw), int32(fw)}
	default:
		b.runs = append(b.runs, mapRun{int32(b.d), int32(b.f), int32(dw), int32(fw)})
	}
	b.d += dw * n
	b.f += fw * n
	b.cont = true
}

func (b *mapBuilder) finish() *offsetMap {
	b.runs = append(b.runs, mapRun{d: int32(b.d), f: int32(b.f)})
	return &offsetMap{runs: b.runs}
}

// decodeFile decodes raw from fe to UTF-8 and maps the result back.
func decodeFile(raw []byte, fe fileEncoding) ([]byte, *offsetMap) {
	switch fe.name {
	case "utf-16le":
		return decodeUTF16(raw, false)
	case "utf-16be":
		return decodeUTF16(raw, true)
	}
	if cm, ok := rawEncoding(fe.name).(*charmap.Charmap); ok {
		return decodeCharmap(raw, cm)
	}
	return decodeStepwise(raw, fe)
}

// rawEncoding returns the x/text encoding of a WHATWG name, without the
// HTML escaping that charset.Lookup adds to its encoder.
func rawEncoding(name string) encoding.Encoding {
	e, err := htmlindex.Get(name)
	if err != nil {
		return nil
	}
	return e
}

// decodeUTF16 decodes UTF-16, keeping the byte order mark as U+FEFF (which
// the text model drops). Unpaired surrogates and a trailing odd byte
// become U+FFFD.
func decodeUTF16(raw []byte, be bool) ([]byte, *offsetMap) {
	out := make([]byte, 0, len(raw)/2*3/2+4)
	var b mapBuilder
	at := func(i int) uint16 {
		if be {
			return uint16(raw[i])<<8 | uint16(raw[i+1])
		}
		return uint16(raw[i+1])<<8 | uint16(raw[i])
	}
	i := 0
	for ; i+1 < len(raw); i += 2 {
		u := rune(at(i))
		switch {
		case u < utf8.RuneSelf:
			out = append(out, byte(u))
			b.unit(1, 2, 1)
			continue
		case utf16.IsSurrogate(u) && i+3 < len(raw):
			if r := utf16.DecodeRune(u, rune(at(i+2))); r != utf8.RuneError {
				out = utf8.AppendRune(out, r)
				b.unit(4, 4, 1)
				i += 2
				continue
			}
			u = utf8.RuneError
		case utf16.IsSurrogate(u):
			u = utf8.RuneError
		}
		n := len(out)
		out = utf8.AppendRune(out, u)
		b.unit(len(out)-n, 2, 1)
	}
	if i < len(raw) {
		out = utf8.AppendRune(out, utf8.RuneError)
		b.unit(3, 1, 1)
	}
	return out, b.finish()
}

// copyASCII appends the run of ASCII bytes of raw that starts at i to out
// (ASCII stands for itself) and returns out and the end of the run.
func (b *mapBuilder) copyASCII(out, raw []byte, i int) ([]byte, int) {
	j := i + 1
	for j < len(raw) && raw[j] < utf8.RuneSelf {
		j++
	}
	b.unit(1, 1, j-i)
	return append(out, raw[i:j]...), j
}

// decodeCharmap decodes a single-byte charset.
func decodeCharmap(raw []byte, cm *charmap.Charmap) ([]byte, *offsetMap) {
	out := make([]byte, 0, len(raw)+len(raw)/2)
	var b mapBuilder
	for i := 0; i < len(raw); {
		if raw[i] < utf8.RuneSelf {
			out, i = b.copyASCII(out, raw, i)
			continue
		}
		n := len(out)
		out = utf8.AppendRune(out, cm.DecodeByte(raw[i]))
		b.unit(len(out)-n, 1, 1)
		i++
	}
	return out, b.finish()
}

// decodeStepwise decodes a multi-byte charset one character at a time,
// so each character's bytes are known. ASCII bytes stand for themselves
// in every such charset except the stateful ISO-2022-JP, so runs of them
// are copied.
func decodeStepwise(raw []byte, fe fileEncoding) ([]byte, *offsetMap) {
	out := make([]byte, 0, len(raw)+len(raw)/2)
	var b mapBuilder
	dec := fe.enc.NewDecoder()
	asciiSafe := fe.name != "iso-2022-jp"
	var dst [64]byte
	for i := 0; i < len(raw); {
		if asciiSafe && raw[i] < utf8.RuneSelf {
			out, i = b.copyASCII(out, raw, i)
			continue
		}
		for k := 1; ; k++ {
			j := min(i+k, len(raw))
			nDst, nSrc, err := dec.Transform(dst[:], raw[i:j], j == len(raw))
			if nSrc > 0 {
				out = append(out, dst[:nDst]...)
				b.unit(nDst, nSrc, 1)
				i += nSrc
				break
			}
			if errors.Is(err, transform.ErrShortSrc) && j < len(raw) {
				continue
			}
			// No progress (a decoder that cannot handle these bytes).
			out = append(out, "\ufffd"...)
			b.unit(3, 1, 1)
			dec.Reset()
			i++
			break
		}
	}
	return out, b.finish()
}

// ErrUnwritable is wrapped by the error Document.Apply returns when fixes
// cannot be written in the file's encoding.
var ErrUnwritable = errors.New("cannot write fixes")

// encodeText encodes UTF-8 text of an edit in the document's encoding.
// Characters the charset lacks are written as numeric character
// references, which browsers and the checker read back as the same text
// (edits only ever land in text or attribute values).
func (d *Document) encodeText(s string) ([]byte, error) {
	switch {
	case d.fenc.name == "iso-2022-jp":
		// Even ASCII could land where the file is in a two-byte mode.
		return nil, fmt.Errorf("%w in %s, a stateful encoding", ErrUnwritable, d.fenc.name)
	case strings.HasPrefix(d.fenc.name, "utf-16") && len(d.File)%2 != 0:
		// Text after the odd byte would be out of step.
		return nil, fmt.Errorf("%w in this UTF-16 file: it has an odd number of bytes (it is cut short)", ErrUnwritable)
	}
	if d.fenc.enc == nil || isASCII(s) && d.fenc.name != "utf-16le" && d.fenc.name != "utf-16be" {
		return []byte(s), nil
	}
	enc := rawEncoding(d.fenc.name)
	if enc == nil {
		return nil, fmt.Errorf("%w in %s", ErrUnwritable, d.fenc.name)
	}
	out, _, err := transform.Bytes(encoding.HTMLEscapeUnsupported(enc.NewEncoder()), []byte(s))
	if err != nil {
		return nil, fmt.Errorf("cannot write %q in %s: %w", s, d.fenc.name, err)
	}
	return out, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
