package checker

import "testing"

// TestHidden checks which elements the markup hides, on markup from the
// shared corpus (the page is named where the snippet comes from).
func TestHidden(t *testing.T) {
	tests := []struct {
		src    string
		hidden bool
	}{
		{`<p hidden>x</p>`, true},
		{`<div style="display:none">x</div>`, true}, // htmldate/49 menu_oculto
		{`<div style="color: red; Display : None !important">x</div>`, true},
		{`<div style="visibility: hidden">x</div>`, true},
		{`<div style="display: block">x</div>`, false},
		{`<div style="--hidden-none: 1">x</div>`, false},
		{`<div class="tab-body hidden">x</div>`, true},            // fundus/16
		{`<div class="hide">x</div>`, true},                       // goose3/10
		{`<div class="article__report-btn d-none">x</div>`, true}, // newspaper4k/6
		{`<span class="sr-only">x</span>`, true},                  // fundus/18
		{`<span class="visually-hidden">x</span>`, true},          // postlight/1
		{`<h2 class="screen-reader-text">x</h2>`, true},           // aeb/3
		{`<h2 class="element-invisible">x</h2>`, true},            // trafilatura/34
		{`<div class="modal-overlay is-hidden">x</div>`, true},    // fundus/13
		{`<div class="hidden md:block">x</div>`, false},           // go-readability/1
		{`<div class="md:hidden">x</div>`, false},                 // go-readability/1
		{`<div class="d-none d-md-block">x</div>`, false},
		{`<div class="d-none d-print-block">x</div>`, true},
		{`<div class="hidden print:block">x</div>`, true},
		{`<div class="hidden-xs">x</div>`, false},
		{`<div class="field-label-hidden">x</div>`, false},              // htmldate/53
		{`<footer class="credit" aria-hidden="true">x</footer>`, false}, // fundus/2
		{`<dialog class="full-size-gallery">x</dialog>`, true},          // fundus/27
		{`<dialog open>x</dialog>`, false},
		{`<amp-lightbox id="l" layout="nodisplay">x</amp-lightbox>`, true},
		{`<template><p>x</p></template>`, true},
	}
	for _, tt := range tests {
		doc, err := Parse("a.html", []byte("<body>"+tt.src+"</body>"))
		if err != nil {
			t.Fatal(err)
		}
		var el = doc.Root
		for _, e := range doc.Elements() {
			if e.Data != "html" && e.Data != "head" && e.Data != "body" {
				el = e
				break
			}
		}
		if got := doc.Hidden(el); got != tt.hidden {
			t.Errorf("%s: hidden %v, want %v", tt.src, got, tt.hidden)
		}
		if got := len(doc.Blocks) == 0; got != tt.hidden {
			t.Errorf("%s: text hidden %v, want %v", tt.src, got, tt.hidden)
		}
	}
}
