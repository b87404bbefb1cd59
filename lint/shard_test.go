package lint

import (
	"context"
	"fmt"
	"github.com/copydesk/copydesk/rules"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestShardOf pins the partition: shards made by different builds of
// copydesk, on different machines, must agree on it (docs/shards.md).
func TestShardOf(t *testing.T) {
	// Computed apart from Go: python3 -c 'import hashlib;
	// print(int.from_bytes(hashlib.sha256(b"a.html").digest()[:8], "big") % 7 + 1)'
	for _, c := range []struct {
		path  string
		count int
		want  int
	}{
		{"a.html", 1, 1},
		{"a.html", 2, 2},
		{"a.html", 7, 4},
		{"pages/fundus/1.html", 4, 2},
	} {
		if got := ShardOf(c.path, c.count); got != c.want {
			t.Errorf("ShardOf(%q, %d) = %d, want %d", c.path, c.count, got, c.want)
		}
	}
	// Every path is in exactly one shard, and the shards are about even.
	const n, count = 5, 10000
	sizes := make([]int, n+1)
	for i := range count {
		p := fmt.Sprintf("site/section-%d/story-%d.html", i%37, i)
		in := 0
		for k := 1; k <= n; k++ {
			if (ShardSpec{k, n}).Holds(p) {
				in++
				sizes[k]++
			}
		}
		if in != 1 {
			t.Fatalf("%s is in %d of %d shards", p, in, n)
		}
	}
	for k := 1; k <= n; k++ {
		if d := sizes[k] - count/n; d < -count/n/10 || d > count/n/10 {
			t.Errorf("shard %d/%d holds %d of %d paths, more than 10%% off an even split", k, n, sizes[k], count)
		}
	}
}

func TestParseShard(t *testing.T) {
	for _, ok := range []struct {
		in   string
		want ShardSpec
	}{{"1/1", ShardSpec{1, 1}}, {"3/8", ShardSpec{3, 8}}, {" 8/8 ", ShardSpec{8, 8}}} {
		got, err := ParseShard(ok.in)
		if err != nil || got != ok.want {
			t.Errorf("ParseShard(%q) = %v, %v; want %v", ok.in, got, err, ok.want)
		}
	}
	for _, bad := range []struct{ in, want string }{
		{"3", "expected K/N"}, {"a/4", "expected K/N"}, {"0/4", "the shard must be from 1 to 4; shards count from 1"},
		{"5/4", "the shard must be from 1 to 4"}, {"1/0", "the number of shards must be"}, {"-1/4", "the shard must"},
	} {
		if _, err := ParseShard(bad.in); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseShard(%q): %v, want an error with %q", bad.in, err, bad.want)
		}
	}
}

func TestShardFromEnv(t *testing.T) {
	env := func(vars ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(vars); i += 2 {
			m[vars[i]] = vars[i+1]
		}
		return func(k string) string { return m[k] }
	}
	if s, ok, err := ShardFromEnv(env(EnvJobIndex, "3")); ok || err != nil || s != (ShardSpec{}) {
		t.Errorf("without %s: %v %v %v, want no shard", EnvShardCount, s, ok, err)
	}
	if s, ok, err := ShardFromEnv(env(EnvShardCount, "4", EnvJobIndex, "0")); !ok || err != nil || s != (ShardSpec{1, 4}) {
		t.Errorf("index 0 of 4: %v %v %v, want shard 1/4", s, ok, err)
	}
	if s, _, err := ShardFromEnv(env(EnvShardCount, "4", EnvJobIndex, "3")); err != nil || s != (ShardSpec{4, 4}) {
		t.Errorf("index 3 of 4: %v %v, want shard 4/4", s, err)
	}
	for _, bad := range [][]string{
		{EnvShardCount, "4"}, {EnvShardCount, "4", EnvJobIndex, "4"}, {EnvShardCount, "4", EnvJobIndex, "x"},
		{EnvShardCount, "0", EnvJobIndex, "0"}, {EnvShardCount, "four", EnvJobIndex, "0"},
	} {
		if _, ok, err := ShardFromEnv(env(bad...)); !ok || err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestShardSources checks that the shards of each kind of source split
// its inputs and its errors: each in exactly one shard, in report order.
func TestShardSources(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i := range 40 {
		name := fmt.Sprintf("s%d/p%02d.html", i%3, i)
		names = append(names, name)
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte("<p>x</p>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	listing := filepath.Join(t.TempDir(), "list")
	if err := os.WriteFile(listing, []byte(strings.Join(names, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := rules.DefaultConfig()
	cfg.Dir = dir
	for _, src := range []Source{
		Paths{Args: []string{"s0", "s1", "s2", "missing.html", "nothing/*.html"}},
		FileList{Name: listing},
	} {
		e := testEnv(dir, "")
		whole, err := src.List(context.Background(), e, cfg)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, n := range []int{1, 3, 7} {
			for k := 1; k <= n; k++ {
				ls, err := Shard{Source: src, Spec: ShardSpec{k, n}}.List(context.Background(), e, cfg)
				if err != nil {
					t.Fatal(err)
				}
				if !sort.SliceIsSorted(ls.Inputs, func(i, j int) bool { return ls.Inputs[i].Path < ls.Inputs[j].Path }) {
					t.Errorf("%T shard %d/%d: inputs out of order", src, k, n)
				}
				if ls.Total != whole.Total || !ls.MayBeEmpty {
					t.Errorf("%T shard %d/%d: total %d (want %d), may be empty %v", src, k, n, ls.Total, whole.Total, ls.MayBeEmpty)
				}
				for _, in := range ls.Inputs {
					seen[fmt.Sprint(n, in.Path)]++
				}
				for _, x := range ls.Errors {
					seen[fmt.Sprint(n, "error ", x.Path)]++
				}
			}
			for _, in := range whole.Inputs {
				if c := seen[fmt.Sprint(n, in.Path)]; c != 1 {
					t.Errorf("%T, %d shards: %s is in %d shards", src, n, in.Path, c)
				}
			}
			for _, x := range whole.Errors {
				if c := seen[fmt.Sprint(n, "error ", x.Path)]; c != 1 {
					t.Errorf("%T, %d shards: the error of %s is in %d shards", src, n, x.Path, c)
				}
			}
		}
		if len(whole.Inputs) != 40 {
			t.Errorf("%T: %d inputs, want 40", src, len(whole.Inputs))
		}
	}
	// A source that lists nothing is still a mistake when sharded.
	empty := t.TempDir()
	ls, err := Shard{Source: Paths{Args: []string{empty}}, Spec: ShardSpec{1, 2}}.List(context.Background(), testEnv(dir, ""), cfg)
	if err != nil || ls.MayBeEmpty {
		t.Errorf("an empty directory, sharded: %v, may be empty %v; want a listing that may not be empty", err, ls.MayBeEmpty)
	}
}
