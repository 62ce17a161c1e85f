# man-options.awk — the options a man page's OPTIONS list names, held to
# a command's option table (t0765).
#
#   prio completion --list | awk -v cmd=move -f man-options.awk - man.md
#
# Prints one line per disagreement, nothing when they agree.  In the
# page, an item of the list ("- **--before** *id*, **--to** *n*") names
# options in bold, each with its argument after it: *name* (or several
# words such as *key*=*value*), the words it takes (text|json|csv), or
# [=*name*] when optional.  A short option written next to its long one
# ("**-m**, **--message** *why*") shares the long one's argument.

FNR == NR {
	if ($1 != cmd)
		next
	for (i = 2; i <= 3; i++) {
		if ($i == "-")
			continue
		arg[$i] = $4
		name = $5
		gsub(/[<>]/, "", name)
		argname[$i] = name
		words[$i] = $7
		gsub(/ /, "|", words[$i])
		paired[$i] = $2 != "-" && $3 != "-" && i == 2
		table[$i] = 1
	}
	next
}

/^# OPTIONS/ { inopts = 1; next }
/^# / { inopts = 0 }
!inopts || !/^- \*\*/ { next }

{
	line = substr($0, 3)
	while (match(line, /\*\*-[^*]+\*\*/)) {
		tok = substr(line, RSTART + 2, RLENGTH - 4)
		line = substr(line, RSTART + RLENGTH)
		# "**--by score**": the argument inside the bold.
		a = ""
		if (index(tok, " ")) {
			a = substr(tok, index(tok, " ") + 1)
			tok = substr(tok, 1, index(tok, " ") - 1)
		} else {
			rest = line
			sub(/,? *\*\*-.*$/, "", rest)
			sub(/^ /, "", rest)
			a = rest
		}
		gsub(/\*/, "", a)
		seen[tok] = 1
		if (!(tok in table)) {
			print "the page names " tok ", which " cmd " does not take"
			continue
		}
		if (paired[tok])
			continue
		if (arg[tok] == "none" && a != "")
			print tok ": the page shows an argument '" a "'; it takes none"
		else if (arg[tok] == "required" && a != argname[tok] &&
		    a != words[tok])
			print tok ": the page shows '" a "', the table <" argname[tok] ">"
		else if (arg[tok] == "optional" && a != "[=" argname[tok] "]" &&
		    a != "[" argname[tok] "]")
			print tok ": the page shows '" a "', the table [=<" argname[tok] ">]"
	}
}

END {
	for (t in table)
		if (!(t in seen))
			print "the page does not name " t
}
