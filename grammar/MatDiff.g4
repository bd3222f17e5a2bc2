// The matdiff language (see shared LANGUAGE.md and docs/LANGUAGE.md).
// Action-free: dev.matdiff.syntax.AstBuilder turns the parse tree into syntax records.
// Operator chains are flat lists (term (op term)*), so a sum of 50,000 terms
// gives a shallow parse tree rather than a 50,000-deep left spine.
grammar MatDiff;

options { contextSuperClass = dev.matdiff.syntax.ParseContext; }

program     : separator* (statement (separator+ statement)* separator*)? EOF ;
separator   : NEWLINE | SEMI ;

statement
    : kind declItem (COMMA declItem)*                  # declaration   // constant after the last item (all), or after any (each so marked)
    | CONSTANT kind? declItem (COMMA declItem)*        # constantDeclaration
    | ASSUME expr ASSIGN expr                          # assumption
    | ID ASSIGN expr                                   # definition
    | expr                                             # bareExpression
    ;

kind        : MATRIX | VECTOR | SCALAR | SYMMETRIC ;
declItem    : ID (LPAREN dim (COMMA dim)? RPAREN)? CONSTANT? ;
dim         : expr ;   // a symbol, a positive integer, or sums and products of them: p - r + 1

expr        : term (addOp term)* ;
addOp       : PLUS | MINUS ;
term        : unary (mulOp unary)* ;
mulOp       : STAR | DOT_STAR | DOT_SLASH | SLASH | KRON ;
unary       : (MINUS | PLUS) unary | power ;
power       : postfix (powOp signedPower)? ;
signedPower : (MINUS | PLUS)? power ;
powOp       : CARET | DOT_CARET ;
postfix     : primary transposeOp* ;
transposeOp : TICK | CARET_T ;
primary
    : NUMBER                                           # number
    | ID LPAREN (expr (COMMA expr)*)? RPAREN           # call
    | (VECTOR | MATRIX) LPAREN expr RPAREN             # constantCall   // vector(c), matrix(c): all entries c
    | ID                                               # name
    | LPAREN expr RPAREN                               # parens
    ;

MATRIX      : 'matrix' ;
VECTOR      : 'vector' ;
SCALAR      : 'scalar' ;
SYMMETRIC   : 'symmetric' ;
CONSTANT    : 'constant' ;
ASSUME      : 'assume' ;

NUMBER      : DIGITS ('.' DIGITS)? EXPONENT? | '.' DIGITS EXPONENT? ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
ID          : LETTER (LETTER | [0-9])* ;
fragment LETTER   : [a-zA-Z_] | [\u0391-\u03A9] | [\u03B1-\u03C9] ;

CARET_T     : '^T' {!Character.isLetterOrDigit(_input.LA(1)) && _input.LA(1) != '_'}? ;   // not a^Theta, a^T2: a power of a name
DOT_STAR    : '.*' | '\u2299' | '\u2218' ;   // .*  ⊙  ∘
DOT_SLASH   : './' ;
DOT_CARET   : '.^' ;
STAR        : '*' | '\u00B7' ;               // *  ·
SLASH       : '/' ;
KRON        : '\u2297' ;                     // ⊗
CARET       : '^' ;
TICK        : '\'' | '\u1D40' ;              // '  ᵀ
PLUS        : '+' ;
MINUS       : '-' | '\u2212' ;               // -  − (Unicode minus)
ASSIGN      : '=' ;
COMMA       : ',' ;
SEMI        : ';' ;
LPAREN      : '(' ;
RPAREN      : ')' ;
NEWLINE     : '\r'? '\n' | '\r' ;
COMMENT     : '#' ~[\r\n]* -> skip ;
WS          : [ \t\f\u00A0]+ -> skip ;
CONTINUATION: '...' [ \t]* ('#' ~[\r\n]*)? ('\r'? '\n' | '\r' | EOF) -> skip ;   // MATLAB-style line continuation, a comment may follow
