// Package testdiff shows how two texts differ, for test failure messages.
package testdiff

import (
	"fmt"
	"strings"
)

// FirstLine returns the first line at which want and got differ, with
// both versions of it, or "" when they are equal.
func FirstLine(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant: %s\n got: %s", i+1, w, g)
		}
	}
	return ""
}
