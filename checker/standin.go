package checker

import (
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/resyntax"
)

// Stand-in classes. Parsing a pattern with Unicode classes costs far
// more than analysing it: regexp/syntax writes \p{L} out as hundreds of
// ranges and sorts them again in every class that holds it
// ([\p{L}\p{N}.’'&-]), for each pattern and each of its alternatives.
// The literal analysis only asks whether a class has more than
// maxLitSet characters (then nothing is known of it) and otherwise what
// they are. So it parses the pattern with each large Unicode class
// written as its own range of maxLitSet+32 private-use characters of
// plane 15, which is cheap to parse.
//
// The analysis of that parse is sound for the pattern. It knows nothing
// of a class that is empty or has more than maxLitSet characters, which
// it reads as it reads any character, and reads the characters of the
// others. Each class of the stand-in parse is one of those it knows
// nothing of, or holds the class of the pattern at its place:
//   - a class with a stand-in S (\p) has more than maxLitSet characters;
//   - negated, [^S∪P] for [^L∪P], P being its other parts: no part
//     reaches plane 15 but a negated Perl or POSIX class, which holds
//     all of it (a pattern with a character or a \x{…} escape from
//     U+F0000 on, or a Unicode class without a stand-in, is parsed as it
//     is); if P holds S, it is [^P], which holds [^L∪P], else it has
//     most of plane 15;
//   - negated with a complement of S (\P) in it, it is S or empty.
// The parser merges and factors classes (a|[bc] is [a-c], [ab]x|[ab]y
// is [ab](?:x|y)) without changing what the tree matches, so with the
// classes read so, the tree matches all the pattern does.
//
// TestStandInLiterals checks that every built-in pattern, alternative
// and :matches() regexp gets the same literals either way.

// standInWidth is how many characters a stand-in class has.
const standInWidth = maxLitSet + 32

// standInBase is the first character of the stand-ins: a pattern that
// has a character from there on is parsed as it is.
const standInBase = 0xF0000

// standIns are the names of the Unicode tables that have a stand-in,
// by the first character of theirs: the categories and scripts with
// more than standInWidth characters, none from plane 15 on.
var standIns = sync.OnceValue(func() map[string]rune {
	names := map[string]*unicode.RangeTable{}
	for name, t := range unicode.Categories {
		names[name] = t
	}
	for name, t := range unicode.Scripts {
		names[name] = t
	}
	var large []string
	for name, t := range names {
		if canonicalTableName(name) && tableSize(t) > standInWidth {
			large = append(large, name)
		}
	}
	slices.Sort(large)
	out := make(map[string]rune, len(large))
	for i, name := range large {
		if first := standInBase + rune(i*standInWidth); first+standInWidth <= 0xFFFFD {
			out[name] = first
		}
	}
	return out
})

// canonicalTableName reports whether regexp/syntax reads name as it is:
// a capital letter, then small ones (it folds other spellings, and "Lc",
// "Any", "Assigned" and "Ascii" are its own).
func canonicalTableName(name string) bool {
	if name == "" || name[0] < 'A' || name[0] > 'Z' {
		return false
	}
	for i := 1; i < len(name); i++ {
		if name[i] < 'a' || name[i] > 'z' {
			return false
		}
	}
	switch name {
	case "Lc", "Any", "Assigned", "Ascii":
		return false
	}
	return true
}

// tableSize returns how many characters t has, or -1 when it has any
// from plane 15 on.
func tableSize(t *unicode.RangeTable) int {
	n := 0
	for _, r := range t.R16 {
		n += int((r.Hi-r.Lo)/r.Stride) + 1
	}
	for _, r := range t.R32 {
		if r.Hi >= standInBase {
			return -1
		}
		n += int((r.Hi-r.Lo)/r.Stride) + 1
	}
	return n
}

// parseForLiterals parses src for the literal analysis: with stand-in
// classes where standIn writes them, else as it is.
func parseForLiterals(src string) (*syntax.Regexp, error) {
	if s, ok := standIn(src); ok {
		if re, err := resyntax.Parse(s); err == nil {
			return re, nil
		}
	}
	return resyntax.Parse(src)
}

// standIn returns src with each large Unicode class (\p{L}, \pL, \P{L},
// \p{^L}) written as its stand-in, and whether it wrote any; false when
// src has a Unicode class without one, a character from standInBase on
// or a \x{…} escape of five or more digits.
func standIn(src string) (string, bool) {
	if !strings.Contains(src, `\p`) && !strings.Contains(src, `\P`) {
		return "", false
	}
	var b strings.Builder
	inClass, wrote := false, false
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src):
			switch n := src[i+1]; n {
			case 'Q':
				end := strings.Index(src[i+2:], `\E`)
				if end < 0 {
					end = len(src) - i - 2
				} else {
					end += 2
				}
				for _, r := range src[i+2 : i+2+end] {
					if r >= standInBase {
						return "", false
					}
				}
				b.WriteString(src[i : i+2+end])
				i += 2 + end
				continue
			case 'p', 'P':
				first, neg, size, ok := unicodeClass(src[i:])
				if !ok {
					return "", false
				}
				writeStandIn(&b, first, neg != (n == 'P'), inClass)
				i += size
				wrote = true
				continue
			case 'x':
				if strings.HasPrefix(src[i+2:], "{") {
					end := strings.IndexByte(src[i+2:], '}')
					if end < 0 || end-1 >= 5 {
						return "", false
					}
				}
			}
			r, size := utf8.DecodeRuneInString(src[i+1:])
			if r >= standInBase {
				return "", false
			}
			b.WriteString(src[i : i+1+size])
			i += 1 + size
			continue
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte('[')
			i++
			if i < len(src) && src[i] == '^' {
				b.WriteByte('^')
				i++
			}
			if i < len(src) && src[i] == ']' {
				b.WriteByte(']')
				i++
			}
			continue
		case c == '[' && inClass && strings.HasPrefix(src[i:], "[:"):
			if end := strings.Index(src[i+2:], ":]"); end >= 0 {
				b.WriteString(src[i : i+2+end+2])
				i += 2 + end + 2
				continue
			}
		case c == ']' && inClass:
			inClass = false
		}
		r, size := utf8.DecodeRuneInString(src[i:])
		if r >= standInBase {
			return "", false
		}
		b.WriteString(src[i : i+size])
		i += size
	}
	return b.String(), wrote
}

// unicodeClass reads the Unicode class escape that starts s (\pL,
// \p{Name}, \p{^Name}, or with \P) and returns the first character of
// its stand-in, whether the name is negated by "^", and its length;
// false when it has no stand-in.
func unicodeClass(s string) (first rune, neg bool, size int, ok bool) {
	if len(s) < 3 {
		return 0, false, 0, false
	}
	name := ""
	if s[2] == '{' {
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return 0, false, 0, false
		}
		name, size = s[3:end], end+1
		if strings.HasPrefix(name, "^") {
			name, neg = name[1:], true
		}
	} else {
		name, size = s[2:3], 3
	}
	first, ok = standIns()[name]
	return first, neg, size, ok
}

// writeStandIn writes the stand-in class that starts at first, or its
// complement, as a class or, in a class, as the ranges of one.
func writeStandIn(b *strings.Builder, first rune, neg, inClass bool) {
	last := first + standInWidth - 1
	hex := func(r rune) string { return `\x{` + strconv.FormatInt(int64(r), 16) + `}` }
	switch {
	case !inClass && !neg:
		b.WriteString("[" + hex(first) + "-" + hex(last) + "]")
	case !inClass:
		b.WriteString("[^" + hex(first) + "-" + hex(last) + "]")
	case !neg:
		b.WriteString(hex(first) + "-" + hex(last))
	default:
		b.WriteString(hex(0) + "-" + hex(first-1) + hex(last+1) + "-" + hex(unicode.MaxRune))
	}
}
