package rules

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// srcInstBound returns at least as many instructions as regexp.Compile
// makes of src, a pattern that compiles, read from its text without
// parsing it (Go's parser writes out and sorts the ranges of every
// Unicode class, the larger part of start-up for the packs' patterns);
// it counts no further than MaxPatternInsts+1. syntax.Compile makes of
// the simplified pattern one instruction for a character, class, any
// character or empty-width test (an escape included), two for a capture,
// one or two for a *, + or ?, one between alternatives, one for an empty
// group or alternative, and the program has a fail and a match
// instruction; Simplify writes x{n,m} as n copies of x and m-n nested
// x?, x{n,} as n-1 copies and x+. So each atom counts one, each group
// three more than what it holds, each "|" two, each *, + and ? two, and
// a counted repetition max(n,m,1) times its atom and two, plus two.
// Anything it does not read as such counts as a character each byte.
func srcInstBound(src string) int {
	const most = MaxPatternInsts + 1
	type frame struct{ total, last int } // of a group: what it holds before its last atom, and that atom
	stack := []frame{{}}
	top := &stack[0]
	atom := func(n int) {
		top.total = min(top.total+top.last, most)
		top.last = n
	}
	for i := 0; i < len(src); {
		switch c := src[i]; c {
		case '(':
			stack = append(stack, frame{})
			top = &stack[len(stack)-1]
			i++
		case ')':
			if len(stack) == 1 {
				return most
			}
			g := min(top.total+top.last+3, most)
			stack = stack[:len(stack)-1]
			top = &stack[len(stack)-1]
			atom(g)
			i++
		case '|':
			top.total = min(top.total+top.last+2, most)
			top.last = 0
			i++
		case '*', '+', '?':
			top.last = min(top.last+2, most)
			i++
		case '{':
			n, m, end, ok := repeatCounts(src[i:])
			if !ok {
				atom(1)
				i++
				continue
			}
			times := max(n, m, 1)
			if times >= most || top.last+2 >= most || times*(top.last+2)+2 >= most {
				top.last = most
			} else {
				top.last = times*(top.last+2) + 2
			}
			i += end
		case '[':
			end := classEnd(src, i)
			if end < 0 {
				return most
			}
			atom(1)
			i = end + 1
		case '\\':
			if strings.HasPrefix(src[i:], `\Q`) {
				// A literal, one instruction a character at most (the last
				// one's count is the whole run's, for a repetition after it).
				run := strings.Index(src[i+2:], `\E`)
				if run < 0 {
					run = len(src) - i - 2
				}
				atom(min(run+1, most))
				i = min(i+2+run+2, len(src))
				continue
			}
			atom(1)
			i += escapeLen(src[i:])
		default:
			_, size := utf8.DecodeRuneInString(src[i:])
			atom(1)
			i += size
		}
	}
	if len(stack) != 1 {
		return most
	}
	return min(top.total+top.last+3, most)
}

// repeatCounts reads a counted repetition {n}, {n,} or {n,m} at the
// start of s, giving m = -1 for {n,}, and its length.
func repeatCounts(s string) (n, m, size int, ok bool) {
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return 0, 0, 0, false
	}
	lo, hi, comma := strings.Cut(s[1:end], ",")
	n, err := strconv.Atoi(lo)
	if err != nil || lo == "" || lo[0] < '0' || lo[0] > '9' {
		return 0, 0, 0, false
	}
	m = n
	if comma {
		m = -1
		if hi != "" {
			if m, err = strconv.Atoi(hi); err != nil || hi[0] < '0' || hi[0] > '9' {
				return 0, 0, 0, false
			}
		}
	}
	return n, m, end + 1, true
}

// classEnd returns the index of the "]" that closes the class opened at
// src[i], or -1.
func classEnd(src string, i int) int {
	j := i + 1
	if j < len(src) && src[j] == '^' {
		j++
	}
	if j < len(src) && src[j] == ']' {
		j++ // a "]" first in a class is a character
	}
	for j < len(src) {
		switch {
		case src[j] == '\\':
			j += escapeLen(src[j:])
			continue
		case strings.HasPrefix(src[j:], "[:"):
			if end := strings.Index(src[j+2:], ":]"); end >= 0 {
				j += 2 + end + 2
				continue
			}
		case src[j] == ']':
			return j
		}
		j++
	}
	return -1
}

// escapeLen returns the length of the escape at the start of s: \x{…},
// \p{…} and \P{…}, \x and two hex digits, an octal code of up to three
// digits, or \ and one character.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch c := s[1]; {
	case c == 'x' || c == 'p' || c == 'P':
		if len(s) > 2 && s[2] == '{' {
			if end := strings.IndexByte(s, '}'); end >= 0 {
				return end + 1
			}
			return len(s)
		}
		if c == 'x' {
			return min(4, len(s))
		}
		_, size := utf8.DecodeRuneInString(s[2:])
		return 2 + size
	case '0' <= c && c <= '7':
		n := 2
		for n < len(s) && n < 4 && '0' <= s[n] && s[n] <= '7' {
			n++
		}
		return n
	}
	_, size := utf8.DecodeRuneInString(s[1:])
	return 1 + size
}
