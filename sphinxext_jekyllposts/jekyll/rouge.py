"""The languages Rouge knows, the highlighter Jekyll's kramdown uses.

A fenced code block whose language Rouge (3.30, Jekyll 4.3's) knows is
highlighted, and gets line numbers when ``_config.yml`` asks for them
(``kramdown: syntax_highlighter_opts: block: line_numbers: true``); one whose
language it does not know (``mermaid``, ``Python``: Rouge's names are lower
case) is shown as plain text, with no numbers and no message.

:data:`ROUGE_NAMES` is every name and alias Rouge 3.30 has;
:data:`PYGMENTS_NAMES` the Pygments lexer for those Pygments has under
another name (``viml`` is Pygments' ``vim``, ``plaintext`` its ``text``), or
``text`` where Pygments has no such lexer.
"""

from __future__ import annotations

from types import MappingProxyType

_NAMES = """
Dockerfile HAML Isabelle LaTeX OCL R S TeX abap actionscript ada apache apex apib
apiblueprint applescript armasm as as3 aug augeas awk bash bat batch batchfile bbcbasic
behat bib bibtex biml bpf brainfuck brightscript brs bs bsdmake bsl c c# c++ ceylon cfc
cfscript cl clean clj cljs clojure cmake cmhg cmm coffee coffee-script coffeescript
common-lisp common_lisp conf config configuration console coq cpp cr crystal cs csharp
css csvs cucumber cuda cypher cython d dafny dart datastudio diff digdag django dlang
docker dockerfile dosbatch dot e-mail ecl eex eiffel elisp elixir elm emacs-lisp email
eml epp eps erb erl erlang eruby esc escape ex exs factor fea ff fluent fortran freefem
fsharp ftl gd gdscript ghc-cmm ghc-core gherkin glsl gnumake go golang gradle graphql
groovy hack haml handlebars haskell haxe hbs hcl heex hh hlsl hocon hql hs html http hx
hy hylang idlang idr idris igorpro ini io irb irb_output isa isabelle isbl j janet java
javascript jdn jinja jl js jsl json json-doc jsonc jsonnet jsp jsx julia kdb+ kotlin ksh
lasso lassoscript latex lean leex lhaskell lhs liquid lisp litcoffee
literate_coffeescript literate_haskell lithaskell livescript llvm ls lua lustre lutin m
m68k magik make makefile markdown mason mathematica matlab md meson mf microsoftshell
minizinc mkd ml moon moonscript mosel msgtrans msshell mustache mxml nasm nes nesasm
nginx nial nim nimrod nix nixos obj-c obj-c++ obj-cpp obj_c obj_c++ obj_cpp objc objc++
objcpp objective_c objective_cpp objectivec objectivec++ objectivecpp ocaml ocl openedge
opentype opentype_feature_file opentypefeature pascal patch perl php php3 php4 php5 pl
plaintext plist plsql pony posh postscr postscript powershell pp praat prolog prometheus
properties proto protobuf pry ps puppet py pyrex python pyx q qml r racket rb react
realbasic reasonml rego rescript rhtml robot robot-framework robot_framework rs
rs,ignore rs,no_run rs,should_panic ruby rust rust,ignore rust,no_run rust,should_panic
s sas sass scala scheme scss sed sh shell shell-session shell_session sieve slice slim
smalltalk smarty sml solidity sparql sqf sql squeak ssh st stan stata supercollider
swift systemd syzlang syzprog tap tcl terminal terraform tex text tf toml ts tsx ttcn3
tulip turtle twig typescript udiff unit-file vala varnish varnishconf vb vcl velocity
verilog vhdl vim viml vimscript visualbasic vue vuejs winbatch wl wollok xml xojo xpath
xquery yaml yang yml zig zir zsh
"""
ROUGE_NAMES = frozenset(_NAMES.split())

_PAIRS = """
OCL=text apex=java apib=text apiblueprint=text armasm=nasm aug=augeas batchfile=bat
behat=gherkin biml=text bpf=text brightscript=text brs=text bs=text bsl=text
cfscript=cfc cmhg=text cmm=c common_lisp=cl conf=text config=text configuration=text
csvs=text dafny=text datastudio=text digdag=text dlang=d e-mail=email eex=html+django
epp=text eps=postscript eruby=erb esc=text escape=text fea=text ff=freefem fluent=text
ftl=text ghc-cmm=c ghc-core=haskell gnumake=make gradle=groovy hack=php hbs=handlebars
heex=html+django hh=php hocon=text hql=sql idlang=idl irb_output=text isa=isabelle
isbl=text jdn=janet jsl=text json-doc=json jsonc=json kdb+=q leex=html+django
litcoffee=coffeescript literate_coffeescript=coffeescript literate_haskell=lhaskell
lithaskell=lhaskell ls=livescript lustre=text lutin=text m=matlab m68k=text magik=text
microsoftshell=powershell minizinc=text mkd=markdown ml=sml msgtrans=text
msshell=powershell mustache=handlebars nes=text nesasm=text nial=text obj-cpp=objc++
obj_c=objc obj_c++=objc++ obj_cpp=objc++ objcpp=objc++ objective_c=objc
objective_cpp=objc++ objectivecpp=objc++ ocl=text opentype=text
opentype_feature_file=text opentypefeature=text patch=diff plaintext=text plist=xml
plsql=sql pp=puppet prometheus=text pry=irb ps=postscript realbasic=text rescript=text
robot=text robot-framework=text robot_framework=text rs,ignore=rust rs,no_run=rust
rs,should_panic=rust rust,ignore=rust rust,no_run=rust rust,should_panic=rust
shell_session=console slice=text sqf=text ssh=text syzlang=text syzprog=text
terminal=console ttcn3=text tulip=text unit-file=systemd varnish=vcl varnishconf=vcl
vb=visualbasic viml=vim vimscript=vim vuejs=vue wollok=text xojo=text xpath=xquery
zir=zig
"""
PYGMENTS_NAMES = MappingProxyType(dict(pair.split("=", 1) for pair in _PAIRS.split()))
