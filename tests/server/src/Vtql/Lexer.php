<?php

declare(strict_types=1);

namespace Vtws\TestServer\Vtql;

/**
 * Pull lexer for VTQL, tokenising on demand like Vtiger's generated lexer: a syntax
 * error is reported before any later, unlexable text is reached. Bare words are
 * classified by context: TABLENAME after FROM, VALUE where a value is expected,
 * COLUMNNAME otherwise.
 */
final class Lexer
{
    private const KEYWORDS = [
        'select' => 'SELECT', 'from' => 'FRM', 'where' => 'WHERE', 'and' => 'LOGICAL_AND', 'or' => 'LOGICAL_OR',
        'in' => 'IN', 'like' => 'LIKE', 'asc' => 'ASC', 'desc' => 'DESC', 'limit' => 'LIMIT', 'count' => 'COUNT',
    ];
    private const SYMBOLS = ['<=' => 'LTE', '>=' => 'GTE', '!=' => 'NE', '(' => 'PARENOPEN', ')' => 'PARENCLOSE',
        ',' => 'COMMA', '*' => 'ASTERISK', '=' => 'EQ', '<' => 'LT', '>' => 'GT', ';' => 'SEMICOLON'];
    private const VALUE_CONTEXT = ['EQ', 'LT', 'GT', 'LTE', 'GTE', 'NE', 'IN', 'LIKE', 'LIMIT'];

    private int $offset = 0;
    private int $line = 1;
    private ?Token $previous = null;
    private bool $inValueList = false;
    private bool $inLimit = false;

    public function __construct(private readonly string $text)
    {
    }

    /** The lexeme of the last token read (Vtiger's error messages quote it). */
    public function lastValue(): string
    {
        return $this->previous?->value ?? '';
    }

    public function line(): int
    {
        return $this->line;
    }

    public function next(): ?Token
    {
        $this->skipSpace();
        if ($this->offset >= strlen($this->text)) {
            return null;
        }
        $token = $this->read();
        $this->track($token);
        $this->previous = $token;
        return $token;
    }

    private function skipSpace(): void
    {
        while ($this->offset < strlen($this->text) && str_contains(" \t\r\n", $this->text[$this->offset])) {
            if ($this->text[$this->offset] === "\n") {
                $this->line++;
            }
            $this->offset++;
        }
    }

    private function read(): Token
    {
        $rest = substr($this->text, $this->offset);
        if (preg_match("/^'(?:[^']|'')+'/", $rest, $m) === 1) {
            return $this->take($m[0], 'VALUE');
        }
        if (preg_match('/^order\s+by\b/i', $rest, $m) === 1) {
            return $this->take($m[0], 'ORDERBY');
        }
        if (preg_match('/^\w+/', $rest, $m) === 1) {
            return $this->take($m[0], $this->classifyWord($m[0]));
        }
        if (preg_match('/^[+-]\d+/', $rest, $m) === 1) {
            return $this->take($m[0], 'VALUE');
        }
        foreach (self::SYMBOLS as $symbol => $type) {
            if (str_starts_with($rest, $symbol)) {
                return $this->take($symbol, $type);
            }
        }
        throw new LexerError('Unexpected input at line ' . $this->line . ': ' . substr($rest, 0, 1));
    }

    private function take(string $lexeme, string $type): Token
    {
        $this->offset += strlen($lexeme);
        $this->line += substr_count($lexeme, "\n");
        return new Token($type, $lexeme, $this->line);
    }

    private function classifyWord(string $word): string
    {
        $keyword = self::KEYWORDS[strtolower($word)] ?? null;
        if ($keyword !== null && ($keyword !== 'COUNT' || $this->previous?->type === 'SELECT')) {
            return $keyword;
        }
        $before = $this->previous?->type;
        if ($before === 'FRM') {
            return 'TABLENAME';
        }
        if (in_array($before, self::VALUE_CONTEXT, true) || $this->inValueList
            || ($this->inLimit && $before === 'COMMA')) {
            return 'VALUE';
        }
        return 'COLUMNNAME';
    }

    private function track(Token $token): void
    {
        if ($token->type === 'PARENOPEN' && $this->previous?->type === 'IN') {
            $this->inValueList = true;
        } elseif ($token->type === 'PARENCLOSE') {
            $this->inValueList = false;
        }
        if ($token->type === 'LIMIT') {
            $this->inLimit = true;
        }
    }
}
