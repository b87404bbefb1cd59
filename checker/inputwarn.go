package checker

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Warnings where the input is not what it claims to be (issue 14): a
// charset label that turns the page into gibberish, runs of NUL bytes,
// lone UTF-16 surrogates. Each is one parse warning at the first place
// that shows it; the page is still checked as decoded.

// badShare is the share of the characters of a decoded page that may be
// replacement or control characters before the charset label is blamed.
const badShare = 0.02

// inputWarnings returns the warnings about what d's bytes decode to.
func inputWarnings(d *Document, fe fileEncoding) []Warning {
	var out []Warning
	if fe.decode {
		if w, ok := gibberish(d, fe); ok {
			out = append(out, w)
		}
	}
	if w, ok := nulRuns(d.Src); ok {
		out = append(out, w)
	}
	if strings.HasPrefix(fe.name, "utf-16") {
		if i := loneSurrogate(d.File, fe.name == "utf-16be"); i >= 0 {
			out = append(out, Warning{Offset: d.SrcOffset(i), Message: fmt.Sprintf("a lone UTF-16 surrogate (byte %d of the file) is not a character; browsers show it as \ufffd", i)})
		}
	}
	return out
}

// gibberish reports a charset label whose decoding of the page has a
// high share of replacement and control characters, or no markup where
// the bytes have some (UTF-8 read as UTF-16).
func gibberish(d *Document, fe fileEncoding) (Warning, bool) {
	src := d.Src
	if strings.HasPrefix(fe.name, "utf-16") && bytes.Count(d.File, []byte("<")) >= 2 && bytes.IndexByte(src, '<') < 0 {
		return Warning{Offset: 0, Message: fmt.Sprintf("read as %s the page has no markup, though its bytes hold \"<\": the charset label is probably wrong", fe.name)}, true
	}
	total, bad, first := 0, 0, -1
	for i := 0; i < len(src); {
		if c := src[i]; c < utf8.RuneSelf {
			// An ASCII character, the most of most pages: bad if a
			// control character other than white space.
			total++
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
				bad++
				if first < 0 {
					first = i
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		total++
		if r == utf8.RuneError || r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r >= 0x7f && r < 0xa0 {
			bad++
			if first < 0 {
				first = i
			}
		}
		i += size
	}
	if bad < 8 || float64(bad) < badShare*float64(total) {
		return Warning{}, false
	}
	return Warning{Offset: first, Message: fmt.Sprintf("read as %s, %d of the page's %d characters (%.0f%%) are replacement or control characters: the charset label is probably wrong",
		fe.name, bad, total, 100*float64(bad)/float64(total))}, true
}

// nulRuns reports NUL bytes in the text: browsers drop them, so they are
// binary data or the sign of a wrong encoding.
func nulRuns(src []byte) (Warning, bool) {
	i := bytes.IndexByte(src, 0)
	if i < 0 {
		return Warning{}, false
	}
	n, longest := 0, 0
	for j := i; j < len(src); {
		k := bytes.IndexByte(src[j:], 0)
		if k < 0 {
			break
		}
		j += k
		run := 0
		for j < len(src) && src[j] == 0 {
			j++
			run++
		}
		n += run
		longest = max(longest, run)
	}
	return Warning{Offset: i, Message: fmt.Sprintf("%d NUL bytes from here (the longest run %d): browsers drop them; binary data, or a wrong encoding?", n, longest)}, true
}

// loneSurrogate returns the offset in raw (UTF-16) of the first surrogate
// code unit that is not half of a pair, or -1.
func loneSurrogate(raw []byte, be bool) int {
	at := func(i int) uint16 {
		if be {
			return uint16(raw[i])<<8 | uint16(raw[i+1])
		}
		return uint16(raw[i+1])<<8 | uint16(raw[i])
	}
	start := 0
	if bytes.HasPrefix(raw, []byte("\xfe\xff")) || bytes.HasPrefix(raw, []byte("\xff\xfe")) {
		start = 2
	}
	for i := start; i+1 < len(raw); i += 2 {
		u := at(i)
		switch {
		case u >= 0xd800 && u < 0xdc00:
			if i+3 < len(raw) {
				if v := at(i + 2); v >= 0xdc00 && v < 0xe000 {
					i += 2
					continue
				}
			}
			return i
		case u >= 0xdc00 && u < 0xe000:
			return i
		}
	}
	return -1
}
