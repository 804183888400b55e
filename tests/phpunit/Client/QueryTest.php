<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

use Vtws\Client;

final class QueryTest extends TestCase
{
    private Client $client;

    protected function setUp(): void
    {
        self::resetServer();
        self::clearFaults();
        $this->client = $this->loggedInClient();
    }

    /** Values that break naive quoting; each becomes one contact's lastname. */
    public static function hostileValues(): array
    {
        return [
            'apostrophe' => ["O'Brien"],
            'two apostrophes' => ["''"],
            'backslash' => ['Back\\Slash'],
            'trailing backslash' => ['Ends\\'],
            'backslash quote' => ["\\'"],
            'injection' => ["x'; DROP TABLE vtiger_crmentity; --"],
            'tautology' => ["' OR '1'='1"],
            'question marks' => ['Who? What?'],
            'semicolon' => ['a;b'],
            'japanese' => ['山田\'太郎'],
            'cyrillic' => ['Щукин "Ёж"'],
            'percent' => ['100% sure'],
        ];
    }

    /** @dataProvider hostileValues */
    public function testHostilePlaceholderValuesMatchExactlyTheirRecord(string $value): void
    {
        $created = $this->client->create('Contacts', ['lastname' => $value, 'firstname' => 'Hostile',
            'assigned_user_id' => self::ADMIN_ID]);
        // A decoy that a broken quoting would also match.
        $this->client->create('Contacts', ['lastname' => $value . 'x', 'firstname' => 'Hostile',
            'assigned_user_id' => self::ADMIN_ID]);

        $rows = $this->client->query('SELECT id, lastname FROM Contacts WHERE lastname = ? AND firstname = ?',
            [$value, 'Hostile']);

        self::assertSame([$created['id']], self::ids($rows));
        self::assertSame($value, $rows[0]['lastname']);
    }

    public function testPlaceholderInsideALiteralIsNotBound(): void
    {
        $created = $this->client->create('Contacts', ['lastname' => 'Why?', 'firstname' => 'Literal',
            'assigned_user_id' => self::ADMIN_ID]);

        $rows = $this->client->query("SELECT id FROM Contacts WHERE lastname = 'Why?' AND firstname = ?", ['Literal']);

        self::assertSame([$created['id']], self::ids($rows));
    }

    public function testInListBindsAnArray(): void
    {
        $a = $this->client->create('Contacts', ['lastname' => "In'A", 'assigned_user_id' => self::ADMIN_ID]);
        $b = $this->client->create('Contacts', ['lastname' => 'InB', 'assigned_user_id' => self::ADMIN_ID]);
        $this->client->create('Contacts', ['lastname' => 'InC', 'assigned_user_id' => self::ADMIN_ID]);

        $rows = $this->client->query('SELECT id FROM Contacts WHERE lastname IN ? ORDER BY id', [["In'A", 'InB']]);

        self::assertSame([$a['id'], $b['id']], self::ids($rows));
    }

    public function testQueryByIdAndIntegerParameter(): void
    {
        $rows = $this->client->query('SELECT id, lastname FROM Contacts WHERE id = ?', [self::MAIN_CONTACT]);

        self::assertSame([self::MAIN_CONTACT], self::ids($rows));
        self::assertSame("O'Brien-Smith", $rows[0]['lastname']);
        self::assertCount(3, $this->client->query('SELECT id FROM Contacts LIMIT ?', [3]));
    }

    public function testSemicolonIsAppendedAndNotDoubled(): void
    {
        self::resetStats();
        $withSemicolon = $this->client->query('SELECT id FROM Contacts WHERE id = ?;', [self::MAIN_CONTACT]);
        $without = $this->client->query('SELECT id FROM Contacts WHERE id = ?', [self::MAIN_CONTACT]);

        self::assertSame($withSemicolon, $without);
        self::assertSame(2, self::requestCount('query'));
        self::assertSame('GET', self::requestLog()[0]['method']);
    }

    public function testNoMatchIsAnEmptyList(): void
    {
        self::assertSame([], $this->client->query('SELECT id FROM Contacts WHERE lastname = ?', ['No such name at all']));
    }

    public function testUnicodeWhereClauseMatches(): void
    {
        $rows = $this->client->query('SELECT id, firstname FROM Contacts WHERE lastname = ?', ['山田']);

        self::assertNotEmpty($rows);
        self::assertSame('太郎', $rows[0]['firstname']);
    }

    public function testSyntaxErrorIsAQuerySyntaxError(): void
    {
        $e = self::apiError(fn () => $this->client->query('SELECT * FROM Contacts WHERE lastname ='));

        self::assertSame('QUERY_SYNTAX_ERROR', $e->getVtigerCode());
        self::assertSame('query', $e->getOperation());
        self::assertStringContainsString('Syntax Error', $e->getMessage());
    }

    public function testMissingFromIsAccessDenied(): void
    {
        $e = self::apiError(fn () => $this->client->query('SELECT FROM WHERE'));

        self::assertSame('ACCESS_DENIED', $e->getVtigerCode());
    }

    public function testUnknownColumnIsAccessDenied(): void
    {
        $e = self::apiError(fn () => $this->client->query('SELECT nosuchcolumn FROM Contacts'));

        self::assertSame('ACCESS_DENIED', $e->getVtigerCode());
    }

    public function testCountMatchesTheNumberOfRows(): void
    {
        $total = $this->client->count('Contacts');
        self::assertGreaterThan(0, $total);

        $this->client->create('Contacts', ['lastname' => "Count'Me", 'assigned_user_id' => self::ADMIN_ID]);

        self::assertSame($total + 1, $this->client->count('Contacts'));
        self::assertSame(1, $this->client->count('Contacts', 'lastname = ?', ["Count'Me"]));
        self::assertSame(0, $this->client->count('Contacts', 'lastname = ?', ['Nobody']));
    }
}
