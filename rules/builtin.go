package rules

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// packFS holds the built-in rule packs, one NAME.yml per pack, and the
// files their rules refer to.
//
//go:embed packs
var packFS embed.FS

// BuiltinPrefix starts the name of a built-in pack in a config's packs.
const BuiltinPrefix = "builtin:"

// DefaultPack is the built-in name that stands for the default packs.
const DefaultPack = "default"

// DefaultPacks returns the names of the packs that builtin:default
// stands for. Those not embedded in this build are skipped.
func DefaultPacks() []string {
	return []string{"wire-credits", "image-credits", "attribution", "editorial"}
}

// BuiltinNames returns the names of the embedded packs, sorted.
func BuiltinNames() []string {
	entries, _ := fs.ReadDir(packFS, "packs")
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yml"); ok && !e.IsDir() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Builtin returns the rule file of the embedded pack name.
func Builtin(name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return nil, false
	}
	data, err := fs.ReadFile(packFS, "packs/"+name+".yml")
	return data, err == nil
}

// readBuiltinFile reads a file an embedded pack refers to (exact.file),
// relative to the packs directory.
func readBuiltinFile(name string) ([]byte, error) {
	return fs.ReadFile(packFS, path.Join("packs", path.Clean("/" + strings.ReplaceAll(name, `\`, "/"))[1:]))
}

// expandDefault returns the embedded packs a builtin name stands for:
// itself, or for default the embedded ones of DefaultPacks.
func expandDefault(name string) []string {
	if name != DefaultPack {
		return []string{name}
	}
	var out []string
	for _, n := range DefaultPacks() {
		if _, ok := Builtin(n); ok {
			out = append(out, n)
		}
	}
	return out
}
