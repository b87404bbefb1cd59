package lsp

import (
	"bufio"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/copydesk/copydesk/rules"
)

// TestTextPositions converts every offset of texts with each kind of line
// break and with characters of one to four bytes (a surrogate pair in
// UTF-16) to a Position and back, against positions counted by hand.
func TestTextPositions(t *testing.T) {
	texts := []string{
		"",
		"abc",
		"a\nb\r\nc\rd\n",
		"\r\n\r\n",
		"é€🙂x\n🙂\r\n",
		"<p>Тест 🙂 заглушка</p>\r\n<p>x</p>",
	}
	for _, s := range texts {
		for _, enc := range []string{encUTF16, encUTF8} {
			tx := newText(s, enc)
			line, col := 0, 0
			for off := 0; off <= len(s); {
				want := Position{line, col}
				if got := tx.position(off); got != want {
					t.Errorf("%q %s: position(%d) = %+v, want %+v", s, enc, off, got, want)
				}
				if got := tx.offset(want); got != off {
					t.Errorf("%q %s: offset(%+v) = %d, want %d", s, enc, want, got, off)
				}
				if off == len(s) {
					break
				}
				switch {
				case s[off] == '\r' && off+1 < len(s) && s[off+1] == '\n':
					// The offset between "\r" and "\n" is the end of the line too.
					if got := tx.position(off + 1); got != want {
						t.Errorf("%q %s: position between \\r and \\n = %+v, want %+v", s, enc, got, want)
					}
					off += 2
					line, col = line+1, 0
				case s[off] == '\n' || s[off] == '\r':
					off++
					line, col = line+1, 0
				default:
					r := []rune(s[off:])[0]
					size := len(string(r))
					if enc == encUTF8 {
						col += size
					} else {
						col += len(utf16.Encode([]rune{r}))
					}
					off += size
				}
			}
		}
	}
	tx := newText("ab🙂c\nd", encUTF16)
	for _, tt := range []struct {
		p    Position
		want int
	}{
		{Position{0, 3}, 2},  // inside the surrogate pair: its start
		{Position{0, 99}, 7}, // past the end of the line: its end
		{Position{5, 0}, 9},  // past the last line: the end
		{Position{-1, 0}, 0},
	} {
		if got := tx.offset(tt.p); got != tt.want {
			t.Errorf("offset(%+v) = %d, want %d", tt.p, got, tt.want)
		}
	}
}

// TestTokenRange checks the ranges given to the positions of rules.Error.
func TestTokenRange(t *testing.T) {
	tx := newText("a: 1\nkey: \"quo\\\"ted\" # note\nb: 'it''s'  \n  c: plain value # x\nd: «Медуза»\n", encUTF16)
	for _, tt := range []struct {
		pos  rules.Pos
		want Range
	}{
		{rules.Pos{Line: 2, Col: 6}, Range{Position{1, 5}, Position{1, 15}}},
		{rules.Pos{Line: 3, Col: 4}, Range{Position{2, 3}, Position{2, 10}}},
		{rules.Pos{Line: 4, Col: 3}, Range{Position{3, 2}, Position{3, 16}}},
		{rules.Pos{Line: 5, Col: 4}, Range{Position{4, 3}, Position{4, 11}}},
		{rules.Pos{}, Range{}},
	} {
		if got := tx.tokenRange(tt.pos); got != tt.want {
			t.Errorf("tokenRange(%d:%d) = %+v, want %+v", tt.pos.Line, tt.pos.Col, got, tt.want)
		}
	}
}

// TestReadMessage reads the base protocol's framing, and refuses what is
// not it.
func TestReadMessage(t *testing.T) {
	r := bufio.NewReader(strings.NewReader("Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}" +
		"content-length:3\r\n\r\n[1]"))
	for _, want := range []string{"{}", "[1]"} {
		got, err := readMessage(r)
		if err != nil || string(got) != want {
			t.Errorf("readMessage = %q, %v; want %q", got, err, want)
		}
	}
	if _, err := readMessage(r); err == nil || err.Error() != "EOF" {
		t.Errorf("at the end: %v, want EOF", err)
	}
	for _, bad := range []string{"Content-Type: x\r\n\r\n{}", "Content-Length: -1\r\n\r\n", "Content-Length: 10\r\n\r\n{}", "nonsense\r\n\r\n"} {
		if _, err := readMessage(bufio.NewReader(strings.NewReader(bad))); !errors.Is(err, errFraming) {
			t.Errorf("%q: %v, want a framing error", bad, err)
		}
	}
}
