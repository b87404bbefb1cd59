package docgen

import (
	"maps"
	"slices"
	"testing"
)

func TestSlug(t *testing.T) {
	for heading, want := range map[string]string{
		"Quick start":                   "quick-start",
		"Editor support (JSON Schema)":  "editor-support-json-schema",
		"`ai-disclosure`":               "ai-disclosure",
		"`check` flags":                 "check-flags",
		"HTTP service for a CMS":        "http-service-for-a-cms",
		"Limits and error behaviour":    "limits-and-error-behaviour",
		"What *is* [copydesk](x.md)?":   "what-is-copydesk",
		"min_length, max & co.":         "min_length-max--co",
		"Проверка: «ёлочки»":            "проверка-ёлочки",
		"Declared variables — and more": "declared-variables--and-more",
	} {
		if got := Slug(heading); got != want {
			t.Errorf("Slug(%q) = %q, want %q", heading, got, want)
		}
	}
}

func TestAnchors(t *testing.T) {
	md := "# Title\n\n## Usage\n\n```sh\n# not a heading\n```\n\n### Usage\n\n<a id=\"kept\"></a>\n## Usage ##\n"
	got := slices.Sorted(maps.Keys(Anchors(md)))
	want := []string{"kept", "title", "usage", "usage-1", "usage-2"}
	if !slices.Equal(got, want) {
		t.Errorf("Anchors = %q, want %q", got, want)
	}
}

func TestLinks(t *testing.T) {
	md := "See [the docs](docs/rules.md#check-kinds), ![logo](img/a.png \"Logo\")\n" +
		"and [`x`](#x) but not `[code](no.md)` or ``[a `b`](no2.md)``.\n" +
		"```\n[fenced](no3.md)\n```\n" +
		"[ref]: https://example.org/x\n" +
		"<a href=\"docs/serve.md\">serve</a> [nested [brackets]](y.md)\n"
	got := Links(md)
	want := []string{"docs/rules.md#check-kinds", "img/a.png", "#x", "https://example.org/x", "y.md", "docs/serve.md"}
	if !slices.Equal(got, want) {
		t.Errorf("Links = %q, want %q", got, want)
	}
}
