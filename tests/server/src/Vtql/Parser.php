<?php

declare(strict_types=1);

namespace Vtws\TestServer\Vtql;

/**
 * Recursive-descent parser for the VTQL grammar (doc §7.1). Error messages follow
 * Vtiger's generated LALR parser: where the rest of the statement is optional, its
 * default reductions leave SEMICOLON as the only expected token.
 */
final class Parser
{
    private const ORDER = ['SELECT', 'FRM', 'COLUMNNAME', 'ASTERISK', 'COUNT', 'PARENOPEN', 'PARENCLOSE', 'COMMA',
        'TABLENAME', 'WHERE', 'LOGICAL_AND', 'LOGICAL_OR', 'VALUE', 'EQ', 'LT', 'GT', 'LTE', 'GTE', 'NE', 'IN', 'LIKE',
        'ORDERBY', 'ASC', 'DESC', 'LIMIT', 'SEMICOLON'];
    private const OPERATORS = ['EQ', 'LT', 'GT', 'LTE', 'GTE', 'NE', 'IN', 'LIKE'];

    private Lexer $lexer;
    private ?Token $current = null;
    private Statement $statement;

    public function parse(string $query): Statement
    {
        $this->lexer = new Lexer($query);
        $this->statement = new Statement();
        $this->advance();
        $this->expect(['SELECT']);
        $this->selectList();
        $this->statement->module = $this->expect(['TABLENAME'])->value;
        if ($this->at('WHERE')) {
            $this->advance();
            $this->conditions();
        }
        if ($this->at('ORDERBY')) {
            $this->advance();
            $this->orderBy();
        }
        if ($this->at('LIMIT')) {
            $this->advance();
            $this->limit();
        }
        $this->expect(['SEMICOLON']);
        if ($this->current !== null) {
            $this->fail(['End of Input']);
        }
        return $this->statement;
    }

    private function selectList(): void
    {
        $first = $this->expect(['COLUMNNAME', 'ASTERISK', 'COUNT']);
        if ($first->type === 'ASTERISK') {
            $this->statement->star = true;
            $this->expect(['FRM']);
            return;
        }
        if ($first->type === 'COUNT') {
            $this->expect(['PARENOPEN']);
            $this->expect(['ASTERISK']);
            $this->expect(['PARENCLOSE']);
            $this->statement->count = true;
            $this->expect(['FRM']);
            return;
        }
        $this->statement->fields[] = $first->value;
        while ($this->expect(['FRM', 'COMMA'])->type === 'COMMA') {
            $this->statement->fields[] = $this->expect(['COLUMNNAME'])->value;
        }
    }

    private function conditions(): void
    {
        while (true) {
            $this->condition();
            if (!$this->at('LOGICAL_AND') && !$this->at('LOGICAL_OR')) {
                return;
            }
            $this->statement->glue[] = $this->current->type;
            $this->advance();
        }
    }

    private function condition(): void
    {
        $field = $this->expect(['COLUMNNAME'])->value;
        $op = $this->expect(self::OPERATORS)->type;
        $values = [];
        if ($op === 'IN' && $this->at('PARENOPEN')) {
            $this->advance();
            $values[] = $this->expect(['VALUE']);
            while ($this->expect(['PARENCLOSE', 'COMMA'])->type === 'COMMA') {
                $values[] = $this->expect(['VALUE']);
            }
        } else {
            $values[] = $this->expect($op === 'IN' ? ['PARENOPEN', 'VALUE'] : ['VALUE']);
        }
        $this->statement->conditions[] = ['field' => $field, 'op' => $op, 'values' => $values];
    }

    private function orderBy(): void
    {
        $this->statement->orderBy[] = $this->expect(['COLUMNNAME'])->value;
        while ($this->at('COMMA')) {
            $this->advance();
            $this->statement->orderBy[] = $this->expect(['COLUMNNAME'])->value;
        }
        if ($this->at('ASC') || $this->at('DESC')) {
            $this->statement->descending = $this->current->type === 'DESC';
            $this->advance();
        }
    }

    private function limit(): void
    {
        $first = $this->expect(['VALUE']);
        if ($this->at('COMMA')) {
            $this->advance();
            $this->statement->limitOffset = $first;
            $this->statement->limitCount = $this->expect(['VALUE']);
            return;
        }
        $this->statement->limitCount = $first;
    }

    private function at(string $type): bool
    {
        return $this->current !== null && $this->current->type === $type;
    }

    private function advance(): void
    {
        $this->current = $this->lexer->next();
    }

    /** @param list<string> $types */
    private function expect(array $types): Token
    {
        if ($this->current === null || !in_array($this->current->type, $types, true)) {
            $this->fail($types);
        }
        $token = $this->current;
        $this->advance();
        return $token;
    }

    /** @param list<string> $expected */
    private function fail(array $expected): never
    {
        usort($expected, static fn (string $a, string $b): int =>
            (array_search($a, self::ORDER, true) ?: 99) <=> (array_search($b, self::ORDER, true) ?: 99));
        $unexpected = $this->current === null
            ? 'End of Input(0)'
            : $this->current->type . '(' . $this->current->value . ')';
        throw new SyntaxError(sprintf(
            "Syntax Error on line %d: token '%s' Unexpected %s, expected one of: %s",
            $this->lexer->line(),
            $this->lexer->lastValue(),
            $unexpected,
            implode(',', $expected)
        ));
    }
}
