package rules

import "testing"

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"*.html", "a.html", true},
		{"*.html", "dir/a.html", false},
		{"**/*.html", "a.html", true},
		{"**/*.html", "a/b/c.html", true},
		{"**/*.html", "a/b/c.htm", false},
		{"site/**", "site/a/b.html", true},
		{"site/**", "site", true},
		{"site/**", "other/site/a", false},
		{"site/**/*.html", "site/a.html", true},
		{"site/**/*.html", "site/x/y/a.html", true},
		{"site/**/ru/*.html", "site/ru/a.html", true},
		{"site/**/ru/*.html", "site/en/ru/a.html", true},
		{"site/**/ru/*.html", "site/ru/en/a.html", false},
		{"**/ru/**", "a/ru/b/c", true},
		{"**/ru/**", "ru", true},
		{"**", "anything/at/all", true},
		{"a/**/**/b", "a/b", true},
		{"a/*/b", "a/x/b", true},
		{"a/*/b", "a/x/y/b", false},
		{"a/*/b", "a//b", false},
		{"a?c", "abc", true},
		{"a?c", "a/c", false},
		{"a?c", "abbc", false},
		{"[abc].html", "b.html", true},
		{"[^abc].html", "b.html", false},
		{"[a-c]x", "cx", true},
		{`\*.html`, "*.html", true},
		{`\*.html`, "a.html", false},
		{"*.{html,htm}", "a.htm", true},
		{"*.{html,htm}", "a.xml", false},
		{"{site,docs}/**/*.{html,htm}", "docs/x/a.html", true},
		{"site/", "site/a/b.html", true},
		{"./site/*.html", "site/a.html", true},
		{"site/*.html", "./site/a.html", true},
		{"site/archive/**", "site/archive2/x.html", false},
		{"Site/*.html", "site/a.html", false},
		{"привет/*.html", "привет/а.html", true},
		{"?.html", "я.html", true},
	}
	for _, tt := range tests {
		if got := MatchGlob(tt.pattern, tt.path); got != tt.want {
			t.Errorf("MatchGlob(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestCompileGlobErrors(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{"", "empty glob"},
		{"site/[a", `invalid glob "site/[a": syntax error in pattern`},
		{`a\`, `invalid glob "a\\": syntax error in pattern`},
		{"{a,b", `invalid glob "{a,b": unmatched {`},
		{"a}", `invalid glob "a}": unmatched }`},
		{"{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}", `invalid glob "{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}": more than 256 alternatives`},
	}
	for _, tt := range tests {
		g, err := CompileGlob(tt.pattern)
		if err == nil || err.Error() != tt.want {
			t.Errorf("CompileGlob(%q) = %v, %v; want error %q", tt.pattern, g, err, tt.want)
		}
		if MatchGlob(tt.pattern, "site/a") {
			t.Errorf("invalid glob %q matches", tt.pattern)
		}
	}
}

func TestGlobManyStars(t *testing.T) {
	// Many ** must not make matching exponential.
	g, err := CompileGlob("**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b")
	if err != nil {
		t.Fatal(err)
	}
	path := "a"
	for range 200 {
		path += "/a"
	}
	if g.Match(path) {
		t.Error("matched")
	}
	if !g.Match(path + "/b") {
		t.Error("did not match")
	}
	if g.String() != "**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b" {
		t.Errorf("String() = %q", g.String())
	}
}
