<?php

declare(strict_types=1);

namespace Vtws\Tests\Synergy;

require_once __DIR__ . '/SynergyTestCase.php';

/** Record create/get/patch/delete/authenticate, wire formats, normalisation and update keys. */
final class RecordTest extends SynergyTestCase
{
    private string $token;

    protected function setUp(): void
    {
        parent::setUp();
        $this->token = self::token();
    }

    private function one(int|string $id): string
    {
        return self::recordPath('people', '/records/' . $id);
    }

    /** Every "people" record is valid against the People schema of the emulator's generated document. */
    private function assertMatchesGeneratedSchema(Reply $reply): void
    {
        $document = self::call('getOpenApi', self::definitionPath('/apidefinitions/people/openapiv3'), null, $this->token)->json();
        $errors = OpenApiSchemas::errors($reply->data(), (new OpenApiSchemas($document))->component('People'));
        self::assertSame([], $errors, $reply->describe());
    }

    public function testCreateAnswers200WithAssignedIdAndGetReturnsTheSameValues(): void
    {
        $reply = self::call('createRecord', self::recordPath('people', '/records'), ['name' => 'Hanako', 'email' => 'h@example.com',
            'age' => 31, 'birthday' => '1993-04-02', 'interests' => [['value' => 2, 'extraText' => 'via fair']]], $this->token);

        self::assertSame(200, $reply->status, $reply->describe());
        $created = $reply->json();
        self::assertIsInt($created['id']);
        self::assertSame(['Hanako', 'h@example.com', 31.0, '1993-04-02', [['value' => 2, 'extraText' => 'via fair']]],
            [$created['name'], $created['email'], $created['age'], $created['birthday'], $created['interests']]);
        $fetched = self::call('getRecord', $this->one($created['id']), null, $this->token);
        self::assertSame($reply->body, $fetched->body);
        $this->assertMatchesGeneratedSchema($fetched);
        self::assertSame($created['id'] + 1, self::createPerson($this->token, [])['id']);
        self::assertSame(404, self::call('getRecord', $this->one(999), null, $this->token)->status);
        self::assertSame(400, self::call('getRecord', $this->one('abc'), null, $this->token)->status);
        self::assertSame(404, self::call('getRecord', self::recordPath('ghosts', '/records/1'), null, $this->token)->status);
    }

    public function testUnknownOrInvalidValuesAreRefused(): void
    {
        foreach ([['unknown' => 1], ['age' => 'old'], ['birthday' => '1993-02-30'], ['anniversary' => '12-24'],
            ['lastVisit' => '2024-01-01 10:00:00'], ['email' => 'not-an-address'], ['refusesMail' => null],
            ['name' => 5], ['plan' => ['value' => 9]], ['interests' => ['value' => 1]]] as $values) {
            $reply = self::call('createRecord', self::recordPath('people', '/records'), $values, $this->token);
            self::assertSame(400, $reply->status, json_encode($values));
        }
        $array = self::call('createRecord', self::recordPath('people', '/records'), null, $this->token, [], '[1,2]');
        self::assertSame(400, $array->status);
        self::assertSame(0, self::call('countRecords', self::recordPath('people', '/count'), (object) [], $this->token)
            ->json()['count']);
    }

    public function testDeleteAnswers204ThenTheRecordIsGone(): void
    {
        $id = self::createPerson($this->token, ['name' => 'Short-lived'])['id'];

        $deleted = self::call('deleteRecord', $this->one($id), null, $this->token);

        self::assertSame([204, ''], [$deleted->status, $deleted->body]);
        self::assertSame(404, self::call('deleteRecord', $this->one($id), null, $this->token)->status);
        self::assertSame(404, self::call('getRecord', $this->one($id), null, $this->token)->status);
    }

    public function testPatchChangesBodyKeysOrExactlyTheListedFields(): void
    {
        $person = self::createPerson($this->token, ['name' => 'Taro', 'age' => 40, 'company' => 'Acme', 'member_no' => 'M1']);

        $plain = self::call('patchRecord', $this->one($person['id']), ['age' => 41], $this->token);
        self::assertSame(200, $plain->status, $plain->describe());
        self::assertSame(['Taro', 41.0, 'Acme', 'M1'], [$plain->json()['name'], $plain->json()['age'], $plain->json()['company'],
            $plain->json()['member_no']]);

        $listed = self::call('patchRecord', $this->one($person['id']) . '?fields=name,company',
            ['name' => 'Jiro', 'age' => 99, 'member_no' => 'M2'], $this->token);
        self::assertSame(200, $listed->status, $listed->describe());
        self::assertSame(['Jiro', 41.0, null, 'M1'], [$listed->json()['name'], $listed->json()['age'], $listed->json()['company'],
            $listed->json()['member_no']], 'a listed key missing from the body becomes null, unlisted keys are ignored');
        self::assertSame($listed->body, self::call('getRecord', $this->one($person['id']), null, $this->token)->body);

        self::assertSame(400, self::call('patchRecord', $this->one($person['id']), ['nope' => 1], $this->token)->status);
        self::assertSame(400, self::call('patchRecord', $this->one($person['id']) . '?fields=nope', ['name' => 'x'],
            $this->token)->status);
        self::assertSame(404, self::call('patchRecord', $this->one(999), ['name' => 'x'], $this->token)->status);
    }

    public function testReadOnlyValuesAreIgnoredAndTimestampsMaintained(): void
    {
        $created = self::createPerson($this->token, ['id' => 777, 'createdAt' => '2000-01-01T00:00:00+09:00', 'bounces' => 5]);
        self::assertNotSame(777, $created['id']);
        self::assertSame(0, $created['bounces']);
        self::assertSame($created['createdAt'], $created['updatedAt']);
        self::assertFalse($created['refusesMail']);

        self::control('clock', ['advance' => 600]);
        $patched = self::call('patchRecord', $this->one($created['id']), ['refusesMail' => true], $this->token)->json();
        self::assertSame($created['createdAt'], $patched['createdAt']);
        self::assertSame(600, strtotime($patched['updatedAt']) - strtotime($created['updatedAt']));
        self::assertTrue($patched['refusesMail']);
    }

    public function testUpdateKeyClashesAnswer409AndChangeNothing(): void
    {
        self::control('update-key', ['definition' => 'people', 'property' => 'email']);
        $first = self::createPerson($this->token, ['name' => 'First', 'email' => 'same@example.com']);
        $second = self::createPerson($this->token, ['name' => 'Second', 'email' => 'other@example.com']);
        self::createPerson($this->token, ['name' => 'No mail 1']);
        self::createPerson($this->token, ['name' => 'No mail 2']);

        $duplicate = self::call('createRecord', self::recordPath('people', '/records'),
            ['name' => 'Dup', 'email' => 'same@example.com'], $this->token);
        self::assertSame(409, $duplicate->status);
        self::assertSame('Conflict', $duplicate->json()['error']);
        self::assertSame(4, self::call('countRecords', self::recordPath('people', '/count'), (object) [], $this->token)
            ->json()['count']);

        $clash = self::call('patchRecord', $this->one($second['id']), ['name' => 'Changed', 'email' => 'same@example.com'],
            $this->token);
        self::assertSame(409, $clash->status);
        $unchanged = self::call('getRecord', $this->one($second['id']), null, $this->token)->json();
        self::assertSame(['Second', 'other@example.com'], [$unchanged['name'], $unchanged['email']]);
        self::assertSame(200, self::call('patchRecord', $this->one($first['id']), ['email' => 'same@example.com', 'name' => 'Kept'],
            $this->token)->status, 'a record may keep its own key');
    }

    public function testWireFormatsOfEachType(): void
    {
        $reply = self::call('createRecord', self::recordPath('people', '/records'), [
            'age' => 20, 'birthday' => '2000-02-29', 'anniversary' => '--05-01', 'lastVisit' => '2024-03-01T01:02:03.456Z',
            'plan' => ['value' => 2, 'extraText' => 'gold'], 'interests' => [['value' => 3], ['value' => 1, 'extraText' => 'no']],
            'optOuts' => [3, 1, 3], 'memo' => 'plain', 'secret' => 'hidden',
        ], $this->token);

        self::assertSame(200, $reply->status, $reply->describe());
        self::assertStringContainsString('"age":20.0', $reply->body);
        $record = $reply->json();
        self::assertSame('2000-02-29', $record['birthday']);
        self::assertSame('--05-01', $record['anniversary']);
        self::assertSame('2024-03-01T10:02:03+09:00', $record['lastVisit']);
        self::assertMatchesRegularExpression('/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/', $record['createdAt']);
        self::assertSame(['value' => 2, 'extraText' => 'gold'], $record['plan']);
        self::assertSame([['value' => 1], ['value' => 3]], $record['interests'], 'extraText only for choices that have it');
        self::assertSame([1, 3], $record['optOuts']);
        self::assertSame('plain', $record['memo']);
        self::assertNull($record['secret'], 'password hashes are never returned');
        $this->assertMatchesGeneratedSchema($reply);

        $single = self::createPerson($this->token, ['plan' => [['value' => 3]]]);
        self::assertSame(['value' => 3], $single['plan'], 'a one-element array is accepted for a single select');
        foreach ([['plan' => ['value' => 0]], ['interests' => [['value' => 0]]], ['interests' => [['value' => -1]]]] as $bad) {
            self::assertSame(400, self::call('createRecord', self::recordPath('people', '/records'), $bad, $this->token)->status);
        }
    }

    public function testStoredTextIsNormalised(): void
    {
        $pairs = ["\u{2015}" => "\u{2014}", "\u{FF5E}" => "\u{301C}", "\u{2225}" => "\u{2016}", "\u{FF0D}" => "\u{2212}",
            "\u{FFE0}" => "\u{00A2}", "\u{FFE1}" => "\u{00A3}", "\u{FFE2}" => "\u{00AC}"];

        $created = self::createPerson($this->token, ['name' => 'a' . implode('b', array_keys($pairs)) . 'z',
            'plan' => ['value' => 2, 'extraText' => "\u{FF5E}"]]);

        $expected = 'a' . implode('b', $pairs) . 'z';
        self::assertSame($expected, $created['name']);
        self::assertSame("\u{301C}", $created['plan']['extraText']);
        self::assertSame($expected, self::call('getRecord', $this->one($created['id']), null, $this->token)->json()['name']);
        self::assertSame([$created['id']], self::ids($this->token, ['name_contains' => "\u{FF5E}"]));
        $patched = self::call('patchRecord', $this->one($created['id']), ['company' => "x\u{2015}y"], $this->token)->json();
        self::assertSame("x\u{2014}y", $patched['company']);
    }

    public function testAuthenticateChecksPasswordHashes(): void
    {
        $withSecret = self::createPerson($this->token, ['secret' => "pa\u{FF5E}ss"]);
        $without = self::createPerson($this->token, []);
        $check = fn (int $id, array $body): Reply => self::call('authenticate', $this->one($id) . '/authenticate', $body,
            $this->token);

        self::assertSame(['result' => 'authenticated'], $check($withSecret['id'], ['propertyName' => 'secret',
            'value' => "pa\u{301C}ss"])->json());
        self::assertSame(['result' => 'unauthenticated'], $check($withSecret['id'], ['propertyName' => 'secret',
            'value' => 'wrong'])->json());
        self::assertSame(['result' => 'emptyPassword'], $check($without['id'], ['propertyName' => 'secret', 'value' => 'x'])->json());
        self::assertSame(400, $check($withSecret['id'], ['propertyName' => 'memo', 'value' => 'x'])->status);
        self::assertSame(400, $check($withSecret['id'], ['propertyName' => 'secret'])->status);
        self::assertSame(404, $check(999, ['propertyName' => 'secret', 'value' => 'x'])->status);
    }

    public function testHistoryRecordsNeedTheirSynergyId(): void
    {
        $ids = ['id' => ['x-synergy-type' => 'historyId'], 'customer' => ['x-synergy-type' => 'synergyId'],
            'subject' => ['type' => 'string', 'x-synergy-mapping' => '_subject']];
        self::assertSame(200, self::putDefinition($this->token, 'inquiries', ['spec' => ['resources' => ['main' => [
            'mapping' => 'inquiry_history', 'type' => 'historyDb']], 'schema' => ['properties' => $ids]]])->status);
        $path = self::recordPath('inquiries', '/records');

        self::assertSame(400, self::call('createRecord', $path, ['subject' => 'no customer'], $this->token)->status);
        $created = self::call('createRecord', $path, ['customer' => 12, 'subject' => 'hello'], $this->token);
        self::assertSame(200, $created->status, $created->describe());
        self::assertSame(['id' => 1, 'customer' => 12, 'subject' => 'hello'], $created->json());
    }
}
