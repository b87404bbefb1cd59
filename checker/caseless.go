package checker

// caseless lists ranges of characters that have no other case, are not
// quotes or dashes, and so are left alone by every normalisation and by
// foldRune: most of the text of scripts without case (Chinese, Japanese,
// Korean, Arabic, Hebrew, Indic, …) is looked up here instead of in the
// Unicode case tables. TestCaseless checks every character of them.
var caseless = [...]struct{ lo, hi rune }{
	{0x800, 0x109F}, {0x13FE, 0x1C7F}, {0x24EA, 0x2BFF}, {0x2D2E, 0xA63F}, {0xABC0, 0xFE57}, {0xFF5B, 0x103FF},
	{0x105BD, 0x10C7F}, {0x10CF3, 0x1189F}, {0x118E0, 0x16E3F}, {0x16E80, 0x1E8FF}, {0x1E944, 0x10FFFF},
}

// isCaseless reports whether r lies in one of the caseless ranges.
func isCaseless(r rune) bool {
	if r < caseless[0].lo {
		return false
	}
	for _, c := range caseless {
		if r < c.lo {
			return false
		}
		if r <= c.hi {
			return true
		}
	}
	return false
}
