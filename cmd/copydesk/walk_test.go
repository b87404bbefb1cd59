package main

import (
	"strings"
	"testing"
)

// TestIncludeExclude checks which files a run checks under the config's
// include and exclude globs: the include globs without arguments, the
// exclude globs in walked directories and globs, and files named as
// arguments checked unless --force-exclude is given.
func TestIncludeExclude(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".copydesk.yml":             creditConfig + "include: [\"site/**/*.html\"]\nexclude: [\"site/archive/**\", \"**/draft-*.html\"]\n",
		"credit.yml":                creditRules,
		"site/news/council.html":    uncredited,
		"site/news/draft-vote.html": credited,
		"site/archive/2016/a.html":  uncredited,
		"site/index.htm":            credited,
		"other/b.html":              credited,
	})
	t.Chdir(dir)
	tests := []struct {
		args []string
		want string
	}{
		{nil, "site/news/council.html!"},
		{[]string{"."}, "other/b.html site/index.htm site/news/council.html!"},
		{[]string{"site"}, "site/index.htm site/news/council.html!"},
		{[]string{"site/**/*.html"}, "site/news/council.html!"},
		{[]string{"site/archive/2016/a.html", "site/news/draft-vote.html"}, "site/archive/2016/a.html! site/news/draft-vote.html"},
		{[]string{"--force-exclude", "site/archive/2016/a.html", "site/news/draft-vote.html", "other/b.html"}, "other/b.html"},
		{[]string{"--force-exclude", "site"}, "site/index.htm site/news/council.html!"},
	}
	for _, tt := range tests {
		code, paths, errOut := checkedPaths(t, append([]string{"check"}, tt.args...)...)
		if got := strings.Join(paths, " "); got != tt.want || code > 1 {
			t.Errorf("check %s: exit %d, checked %q, want %q\n%s", strings.Join(tt.args, " "), code, got, tt.want, errOut)
		}
	}
}
