<?php

declare(strict_types=1);

namespace Vtws\Tests\Server;

require_once __DIR__ . '/ServerTestCase.php';

/** VTQL edge cases of doc §7 against the test server's lexer, parser and evaluator. */
final class VtqlTest extends ServerTestCase
{
    public function testAcceptedStatementFromTheDocCapsTheLimitAt100(): void
    {
        $rows = $this->query("SELECT firstname,lastname FROM Contacts WHERE lastname = 'O''Brien' "
            . "AND email LIKE '%@example.%' ORDER BY lastname DESC LIMIT 0, 500;")->result();
        self::assertNotSame([], $rows);
        foreach ($rows as $row) {
            self::assertSame("O'Brien", $row['lastname']);
            self::assertStringContainsString('@example.', $this->emailOf($row['id']));
            self::assertSame(['firstname', 'lastname', 'id'], array_keys($row));
        }
    }

    public function testCountIsAStringInsideOneRow(): void
    {
        $count = $this->query("select count(*) from Contacts where account_id = '11x2';")->result();
        $listed = $this->query("select id from Contacts where account_id = '11x2';")->result();
        self::assertSame([['count' => (string) count($listed)]], $count);
    }

    public function testAndBindsTighterThanOr(): void
    {
        $rows = $this->query("select lastname from Contacts where id in ('12x3','12x4') or assigned_user_id = '19x1' "
            . "and createdtime > '2999-01-01 00:00:00';")->result();
        self::assertSame(['12x3', '12x4'], array_column($rows, 'id'));
    }

    /** @return array<string, array{string, string, string}> */
    public static function rejected(): array
    {
        $syntax = 'QUERY_SYNTAX_ERROR';
        $internal = ['INTERNAL_SERVER_ERROR', 'Unknown Error while processing request'];
        return [
            'no semicolon' => ['select * from Contacts', $syntax,
                "Syntax Error on line 1: token 'Contacts' Unexpected End of Input(0), expected one of: SEMICOLON"],
            'parentheses' => ["select * from Contacts where (lastname='a' or firstname='b');", $syntax,
                "Syntax Error on line 1: token '(' Unexpected PARENOPEN((), expected one of: COLUMNNAME"],
            'missing value' => ['SELECT * FROM Contacts WHERE lastname = ;', $syntax,
                "Syntax Error on line 1: token ';' Unexpected SEMICOLON(;), expected one of: VALUE"],
            'backslash quote' => ["SELECT firstname FROM Contacts WHERE lastname = 'O\\'Brien' LIMIT 5;", $syntax,
                "Syntax Error on line 1: token 'Brien' Unexpected COLUMNNAME(Brien), expected one of: SEMICOLON"],
            'double quotes' => ['select * from Contacts where lastname = "x";', ...$internal],
            'empty literal' => ["select * from Contacts where lastname = '';", ...$internal],
            'qualified column' => ['select Contacts.lastname from Contacts;', ...$internal],
            'reference without x' => ['select * from Contacts where account_id = 5;', 'INVALID_ID_ATTRIBUTE', 'Id specified is incorrect'],
            'id without x' => ['select * from Contacts where id = 5;', 'DATABASE_QUERY_ERROR',
                'Database error while performing requested operation'],
            'bare word value' => ['select * from Contacts where lastname = smith;', 'DATABASE_QUERY_ERROR',
                'Database error while performing requested operation'],
            'literal ending in backslash' => ["select * from Contacts where lastname = 'abc\\';", 'DATABASE_QUERY_ERROR',
                'Database error while performing requested operation'],
            'unknown order column' => ['select * from Contacts order by nosuch;', 'DATABASE_QUERY_ERROR',
                'Database error while performing requested operation'],
            'unknown select column' => ['SELECT nosuchcolumn FROM Contacts LIMIT 5;', 'ACCESS_DENIED',
                "Permission to access '.nosuchcolumn.' attribute denied."],
            'unknown where column' => ['SELECT * FROM Contacts WHERE nosuch = 1;', 'ACCESS_DENIED',
                'Permission to access nosuch attribute denied.'],
            'lower-case module' => ['SELECT * FROM contacts LIMIT 2;', 'ACCESS_DENIED',
                'Permission to perform the operation is denied for name : contacts'],
            'two modules' => ['SELECT * FROM Contacts, Accounts LIMIT 5;', 'ACCESS_DENIED',
                'Permission to perform the operation is denied for name : Contacts,'],
            'missing from' => ['SELECT * Contacts LIMIT 5;', 'ACCESS_DENIED',
                'Permission to perform the operation is denied for query'],
        ];
    }

    /** @dataProvider rejected */
    public function testRejectedStatementsGiveVtigersErrors(string $vtql, string $code, string $message): void
    {
        self::assertError($code, $message, $this->query($vtql));
    }

    public function testOrderByWithDirectionBeforeAnotherColumnIsASyntaxError(): void
    {
        self::assertSame('QUERY_SYNTAX_ERROR', $this->query('select * from Contacts order by lastname desc, firstname;')->error()['code']);
        self::assertSame('QUERY_SYNTAX_ERROR', $this->query("select * from Contacts where lastname <> 'x';")->error()['code']);
    }

    public function testDoubledBackslashMatchesOneStoredBackslash(): void
    {
        $rows = $this->query("select department from Contacts where department = 'Back\\\\Office';")->result();
        self::assertNotSame([], $rows);
        self::assertSame(['Back\\Office'], array_values(array_unique(array_column($rows, 'department'))));
    }

    public function testLikeIsCaseInsensitiveWithSingleCharacterWildcard(): void
    {
        $rows = $this->query("select lastname from Contacts where lastname like 'sm_th';")->result();
        self::assertSame(['Smith'], array_values(array_unique(array_column($rows, 'lastname'))));
    }

    public function testUnicodeValuesInWhere(): void
    {
        $rows = $this->query("SELECT lastname FROM Contacts WHERE lastname IN ('山田', 'Петров');")->result();
        self::assertSame(['12x7', '12x8'], array_column($rows, 'id'));
    }

    public function testLimitZeroAndCountWithLimitZeroAreEmpty(): void
    {
        self::assertSame([], $this->query('SELECT lastname FROM Contacts LIMIT 0;')->result());
        self::assertSame([], $this->query('SELECT count(*) FROM Contacts LIMIT 0;')->result());
    }

    public function testQueryAsPostIsDenied(): void
    {
        self::assertError('ACCESS_DENIED', 'Permission to perform the operation is denied for query',
            $this->post('query', ['query' => 'SELECT lastname FROM Contacts LIMIT 3;']));
    }

    private function emailOf(string $id): string
    {
        return $this->get('retrieve', ['id' => $id])->result()['email'];
    }
}
