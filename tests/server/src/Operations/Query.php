<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;
use Vtws\TestServer\Errors;
use Vtws\TestServer\Vtql\Evaluator;
use Vtws\TestServer\Vtql\LexerError;
use Vtws\TestServer\Vtql\Literal;
use Vtws\TestServer\Vtql\Parser;
use Vtws\TestServer\Vtql\Statement;
use Vtws\TestServer\Vtql\SyntaxError;
use Vtws\TestServer\WebServiceException;

/** query (include/Webservices/Query.php + VTQL_Parser): at most 100 rows per call. */
final class Query
{
    private const PAGE_CAP = 100;

    public function __construct(private readonly Context $ctx)
    {
    }

    public function query(?string $query, ?array $user): array
    {
        // vtws_query finds the module with a regex before parsing anything.
        if ($query === null || preg_match('/\sfrom\s+([^\s;]+)/i', $query, $m) !== 1) {
            throw Errors::accessDenied(Errors::DENIED_QUERY);
        }
        $module = $m[1];
        if (!$this->ctx->meta->isKnownType($module) || !$this->ctx->meta->hasModule($module)) {
            throw Errors::accessDenied(Errors::DENIED_NAME . $module);
        }
        $statement = $this->parse($query);
        $types = $this->fieldTypes($module);
        $this->checkFields($statement, $types);
        return $this->rows($statement, $module, $types);
    }

    private function parse(string $query): Statement
    {
        try {
            return (new Parser())->parse($query);
        } catch (SyntaxError $e) {
            throw new WebServiceException('QUERY_SYNTAX_ERROR', $e->getMessage());
        } catch (LexerError) {
            throw new WebServiceException('INTERNAL_SERVER_ERROR', 'Unknown Error while processing request');
        }
    }

    /** @return array<string, string> */
    private function fieldTypes(string $module): array
    {
        return array_map(static fn (array $field): string => $field['type']['name'], $this->ctx->meta->fields($module));
    }

    private function checkFields(Statement $statement, array $types): void
    {
        foreach ($statement->fields as $field) {
            if (!isset($types[$field])) {
                throw Errors::accessDenied("Permission to access '." . $field . ".' attribute denied.");
            }
        }
        foreach ($statement->conditions as $condition) {
            if (!isset($types[$condition['field']])) {
                throw Errors::accessDenied('Permission to access ' . $condition['field'] . ' attribute denied.');
            }
        }
        foreach ($statement->orderBy as $column) {
            // ORDER BY is not validated by Vtiger: an unknown column breaks the SQL.
            if (!isset($types[$column])) {
                throw Literal::databaseError();
            }
        }
    }

    private function rows(Statement $statement, string $module, array $types): array
    {
        $evaluator = new Evaluator($types);
        if ($module !== 'Users' && $this->isPlainPage($statement)) {
            // Unfiltered pages in id order (how clients page through a module): let SQLite
            // cut the page instead of loading the whole module. Same rows, same order.
            [$offset, $count] = $this->window($statement);
            $records = $this->ctx->store->livePage($module, $offset, $count);
            return array_map(fn (array $record): array => $this->project($record, $statement), $records);
        }
        $records = $module === 'Users' ? $this->ctx->store->usersAsRecords() : $this->ctx->store->live($module);
        $records = array_values(array_filter($records, $evaluator->predicate($statement)));
        if ($statement->count) {
            return $this->page([['count' => (string) count($records)]], $statement);
        }
        $records = $this->page($evaluator->sort($records, $statement), $statement);
        return array_map(fn (array $record): array => $this->project($record, $statement), $records);
    }

    private function isPlainPage(Statement $statement): bool
    {
        return !$statement->count && $statement->conditions === []
            && ($statement->orderBy === [] || ($statement->orderBy === ['id'] && !$statement->descending));
    }

    /** @return array{int, int} offset and row count of the LIMIT clause, capped at a page */
    private function window(Statement $statement): array
    {
        $offset = $statement->limitOffset === null ? 0 : max(0, (int) Literal::fromToken($statement->limitOffset)->text);
        $count = $statement->limitCount === null ? self::PAGE_CAP : (int) Literal::fromToken($statement->limitCount)->text;
        return [$offset, max(0, min($count, self::PAGE_CAP))];
    }

    private function page(array $rows, Statement $statement): array
    {
        [$offset, $count] = $this->window($statement);
        return array_slice($rows, $offset, $count);
    }

    private function project(array $record, Statement $statement): array
    {
        $full = $this->ctx->view->row($record);
        if ($statement->star) {
            return $full;
        }
        $row = [];
        foreach ($statement->fields as $field) {
            $row[$field] = $full[$field] ?? '';
        }
        // id is always part of an explicit column list.
        $row['id'] ??= $full['id'];
        return $row;
    }
}
