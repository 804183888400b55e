<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

use Vtws\Client;
use Vtws\ConflictException;

/**
 * Vtiger 8.0 re-escapes a stored description one htmlentities() level deeper on every update
 * that omits it, and its answer hides the damage (see the fixtures' README). The test server
 * reproduces that, so these tests prove both the bug and the client's remedy.
 */
final class UpdateKeepsTextTest extends TestCase
{
    /** Texts that htmlentities() would change, and some it would not. */
    private const TEXTS = [
        'quotes and markup' => 'Likes "quotes", \'apostrophes\', <b>tags</b> & ampersands; 100% sure.',
        'html' => '<p class="note">Line one<br/>Line &amp; two</p>',
        'newlines' => "first line\nsecond line\r\nthird\tline",
        'latin symbols' => '« é ü ß € © » ™ α',
        'japanese' => '日本語のメモ：「お客様」へ連絡済み',
        'russian' => 'Русский текст: «Иван Петрович» — звонить утром',
        'already escaped' => 'AT&amp;T &lt;b&gt; &quot;x&quot;',
    ];

    private Client $client;

    public static function setUpBeforeClass(): void
    {
        self::resetServer();
    }

    protected function setUp(): void
    {
        $this->client = $this->loggedInClient();
    }

    /** @return array<string, array{string}> */
    public static function texts(): array
    {
        $cases = [];
        foreach (self::TEXTS as $name => $text) {
            $cases[$name] = [$text];
        }
        return $cases;
    }

    private function createContact(string $text): array
    {
        return $this->client->create('Contacts', [
            'firstname' => 'Keep', 'lastname' => 'Text', 'description' => $text,
            // Not the description's exact value: Vtiger spares a description that another
            // field repeats, and these tests must not depend on that accident.
            'mailingstreet' => "Street: $text", 'department' => 'R&D', 'assigned_user_id' => self::ADMIN_ID,
        ]);
    }

    /** @dataProvider texts */
    public function testPartialUpdatesAndRevisesLeaveUntouchedTextByteForByte(string $text): void
    {
        $created = $this->createContact($text);
        $before = $this->client->retrieve($created['id']);

        for ($i = 1; $i <= 3; $i++) {
            $this->client->update([
                'id' => $created['id'], 'lastname' => "Updated $i", 'assigned_user_id' => self::ADMIN_ID,
            ]);
        }
        for ($i = 1; $i <= 5; $i++) {
            $this->client->revise(['id' => $created['id'], 'title' => "Revised $i"]);
        }
        $after = $this->client->retrieve($created['id']);

        self::assertSame($text, $after['description']);
        self::assertSame('Updated 3', $after['lastname']);
        self::assertSame('Revised 5', $after['title']);
        $untouched = array_diff_key($before, array_flip(['lastname', 'label', 'title', 'modifiedtime', 'modifiedby']));
        foreach ($untouched as $field => $value) {
            self::assertSame($value, $after[$field], "field $field changed");
        }
    }

    public function testWithoutProtectionTheServerCorruptsTheDescriptionAsVtigerDoes(): void
    {
        $raw = $this->loggedInClient(['preserve_description' => false]);
        $created = $this->createContact(self::TEXTS['latin symbols']);

        $answer = $raw->update(['id' => $created['id'], 'lastname' => 'Raw', 'assigned_user_id' => self::ADMIN_ID]);
        $raw->update(['id' => $created['id'], 'lastname' => 'Raw', 'assigned_user_id' => self::ADMIN_ID]);
        $stored = $raw->retrieve($created['id']);

        self::assertSame(self::TEXTS['latin symbols'], $answer['description'], 'the answer hides the damage');
        self::assertSame(
            htmlentities(htmlentities(self::TEXTS['latin symbols'], ENT_QUOTES | ENT_HTML401, 'UTF-8'), ENT_QUOTES | ENT_HTML401, 'UTF-8'),
            $stored['description'],
        );
        self::assertSame('Street: ' . self::TEXTS['latin symbols'], $stored['mailingstreet'], 'only description is affected');
    }

    public function testAnUpdateThatOmitsTheDescriptionReadsTheRecordFirst(): void
    {
        $created = $this->createContact('plain');
        self::resetStats();

        $this->client->update(['id' => $created['id'], 'lastname' => 'Read', 'assigned_user_id' => self::ADMIN_ID]);
        $this->client->update([
            'id' => $created['id'], 'lastname' => 'Again', 'description' => 'given', 'assigned_user_id' => self::ADMIN_ID,
        ]);

        self::assertSame(['retrieve', 'update', 'update'], array_column(self::requestLog(), 'operation'));
        self::assertSame('given', $this->client->retrieve($created['id'])['description']);
    }

    public function testAnEmptyDescriptionIsNotSentBack(): void
    {
        $created = $this->createContact('');
        self::resetStats();

        $this->client->update(['id' => $created['id'], 'lastname' => 'Empty', 'assigned_user_id' => self::ADMIN_ID]);

        $update = self::requestLog()[1];
        self::assertSame('update', $update['operation']);
        self::assertSame('', $this->client->retrieve($created['id'])['description']);
    }

    public function testAStaleModifiedtimeIsAConflictAndNothingIsWritten(): void
    {
        $created = $this->createContact('shared note');
        $read = $this->client->retrieve($created['id']);
        self::advanceClock(5);
        $other = $this->loggedInClient();
        $other->revise(['id' => $created['id'], 'title' => 'Changed by someone else']);

        $stale = ['lastname' => 'Mine'] + $read;
        $conflict = self::catchThrown(ConflictException::class, fn () => $this->client->update($stale));

        self::assertInstanceOf(\Vtws\Exception::class, $conflict);
        self::assertSame($created['id'], $conflict->getRecordId());
        self::assertSame($read['modifiedtime'], $conflict->getExpectedModifiedTime());
        self::assertNotSame($read['modifiedtime'], $conflict->getStoredModifiedTime());
        self::assertStringContainsString($created['id'], $conflict->getMessage());
        $stored = $this->client->retrieve($created['id']);
        self::assertSame('Text', $stored['lastname']);
        self::assertSame('Changed by someone else', $stored['title']);
    }

    public function testACurrentModifiedtimeIsAccepted(): void
    {
        $created = $this->createContact('fresh');
        $read = $this->client->retrieve($created['id']);

        $updated = $this->client->update(['lastname' => 'Fresh'] + $read);

        self::assertSame('Fresh', $updated['lastname']);
        self::assertSame('fresh', $this->client->retrieve($created['id'])['description']);
    }

    public function testTheProtectionOptionMustBeABoolean(): void
    {
        $this->expectException(\TypeError::class);
        $this->newClient(['preserve_description' => 'yes']);
    }
}
