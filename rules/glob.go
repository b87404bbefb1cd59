package rules

import (
	"fmt"
	"path"
	"strings"
)

// maxGlobAlternatives bounds the patterns one glob expands to.
const maxGlobAlternatives = 256

// Glob is a compiled glob pattern over slash-separated paths:
//
//	**      any number of path segments, including none (a whole segment)
//	*       any run of characters within one segment
//	?       any one character within a segment
//	[a-z]   a character class ([^...] negates it); \ escapes
//	{a,b}   either alternative (may nest)
//
// A pattern matches the whole path. A trailing slash means everything
// below that directory ("dir/" is "dir/**"). A leading "./" is ignored,
// in patterns and paths alike.
type Glob struct {
	pattern string
	alts    [][]string // per alternative: segments, each "**" or a path.Match pattern
}

// CompileGlob checks and compiles a glob pattern.
func CompileGlob(pattern string) (*Glob, error) {
	if pattern == "" {
		return nil, fmt.Errorf("empty glob")
	}
	alts, err := expandBraces(pattern)
	if err != nil {
		return nil, err
	}
	g := &Glob{pattern: pattern}
	for _, alt := range alts {
		alt = cleanSlashPath(alt)
		if strings.HasSuffix(alt, "/") || alt == "" {
			alt += "**"
		}
		segs := strings.Split(alt, "/")
		var out []string
		for _, seg := range segs {
			if seg == "**" {
				if len(out) > 0 && out[len(out)-1] == "**" {
					continue
				}
			} else if _, err := path.Match(seg, ""); err != nil {
				return nil, fmt.Errorf("invalid glob %q: %v", pattern, err)
			}
			out = append(out, seg)
		}
		g.alts = append(g.alts, out)
	}
	return g, nil
}

// MatchGlob reports whether the slash-separated path matches pattern.
// An invalid pattern matches nothing. Compile a pattern used more than
// once with CompileGlob.
func MatchGlob(pattern, path string) bool {
	g, err := CompileGlob(pattern)
	return err == nil && g.Match(path)
}

// String returns the pattern the glob was compiled from.
func (g *Glob) String() string { return g.pattern }

// Match reports whether the slash-separated path matches the glob.
func (g *Glob) Match(p string) bool {
	p = cleanSlashPath(p)
	parts := strings.Split(p, "/")
	for _, segs := range g.alts {
		if matchSegments(segs, parts) {
			return true
		}
	}
	return false
}

// matchSegments matches pattern segments against path segments. It
// fills ok[i][j] = segs[i:] matches parts[j:], from the end, so that
// any number of ** costs O(len(segs) * len(parts)) segment matches.
func matchSegments(segs, parts []string) bool {
	n := len(parts)
	next := make([]bool, n+1) // row i+1
	cur := make([]bool, n+1)
	next[n] = true // no segments left matches no parts left
	for i := len(segs) - 1; i >= 0; i-- {
		if segs[i] == "**" {
			cur[n] = next[n]
			for j := n - 1; j >= 0; j-- {
				cur[j] = next[j] || cur[j+1]
			}
		} else {
			cur[n] = false
			for j := n - 1; j >= 0; j-- {
				ok, _ := path.Match(segs[i], parts[j])
				cur[j] = ok && next[j+1]
			}
		}
		next, cur = cur, next
	}
	return next[0]
}

// cleanSlashPath drops leading "./" elements and repeated slashes.
func cleanSlashPath(p string) string {
	for strings.HasPrefix(p, "./") {
		p = strings.TrimLeft(p[2:], "/")
	}
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	return p
}

// expandBraces expands {a,b} alternatives (outermost first, nested
// ones recursively). A backslash escapes the next character.
func expandBraces(pattern string) ([]string, error) {
	open, depth := -1, 0
	var commas []int
	for i := 0; i < len(pattern); i++ {
		switch pattern[i] {
		case '\\':
			i++
		case '{':
			if depth == 0 {
				open, commas = i, nil
			}
			depth++
		case ',':
			if depth == 1 {
				commas = append(commas, i)
			}
		case '}':
			if depth == 0 {
				return nil, fmt.Errorf("invalid glob %q: unmatched }", pattern)
			}
			depth--
			if depth > 0 {
				continue
			}
			prefix, suffix := pattern[:open], pattern[i+1:]
			var out []string
			start := open + 1
			for _, c := range append(commas, i) {
				alts, err := expandBraces(prefix + pattern[start:c] + suffix)
				if err != nil {
					return nil, err
				}
				out = append(out, alts...)
				if len(out) > maxGlobAlternatives {
					return nil, fmt.Errorf("invalid glob %q: more than %d alternatives", pattern, maxGlobAlternatives)
				}
				start = c + 1
			}
			return out, nil
		}
	}
	if depth > 0 {
		return nil, fmt.Errorf("invalid glob %q: unmatched {", pattern)
	}
	return []string{pattern}, nil
}
