<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

use Vtws\Client;

final class RecordsTest extends TestCase
{
    private Client $client;

    protected function setUp(): void
    {
        self::resetServer();
        self::clearFaults();
        $this->client = $this->loggedInClient();
    }

    public function testCreateRetrieveRoundTripsJapaneseAndRussian(): void
    {
        $element = [
            'firstname' => '花子',
            'lastname' => 'Кузнецова 山本',
            'mailingcity' => 'Санкт-Петербург',
            'department' => '経理部 «Отдел»',
            'description' => "Line one\nЛиния два\t日本語 \"quoted\" O'Brien C:\\path",
            'assigned_user_id' => self::ADMIN_ID,
        ];

        $created = $this->client->create('Contacts', $element);
        $retrieved = $this->client->retrieve($created['id']);

        self::assertMatchesRegularExpression('/^12x\d+$/', $created['id']);
        foreach (['firstname', 'lastname', 'mailingcity', 'department'] as $field) {
            self::assertSame($element[$field], $created[$field], $field);
            self::assertSame($element[$field], $retrieved[$field], $field);
        }
        self::assertSame($created['id'], $retrieved['id']);
    }

    public function testCreateIsSentByPostWithTheElementInTheBody(): void
    {
        self::resetStats();
        $this->client->create('Contacts', ['lastname' => 'Posted', 'assigned_user_id' => self::ADMIN_ID]);

        $log = self::requestLog();
        self::assertSame('POST', $log[0]['method']);
        self::assertSame('create', $log[0]['operation']);
        $sources = array_column($log[0]['params'], 'source', 'name');
        self::assertSame('body', $sources['element']);
        self::assertSame('body', $sources['sessionName']);
    }

    public function testRetrieveIsSentByGet(): void
    {
        self::resetStats();
        $record = $this->client->retrieve(self::MAIN_CONTACT);

        self::assertSame("O'Brien-Smith", $record['lastname']);
        self::assertSame('GET', self::requestLog()[0]['method']);
    }

    public function testUpdateKeepsOmittedFields(): void
    {
        $created = $this->client->create('Contacts', [
            'firstname' => 'Иван', 'lastname' => 'Original', 'mailingcity' => '東京都',
            'department' => 'R&D', 'assigned_user_id' => self::ADMIN_ID,
        ]);

        $updated = $this->client->update([
            'id' => $created['id'], 'lastname' => 'Changed', 'assigned_user_id' => self::ADMIN_ID,
        ]);
        $stored = $this->client->retrieve($created['id']);

        self::assertSame('Changed', $updated['lastname']);
        self::assertSame('Changed', $stored['lastname']);
        self::assertSame('Иван', $stored['firstname']);
        self::assertSame('東京都', $stored['mailingcity']);
        self::assertSame('R&D', $stored['department']);
    }

    public function testUpdateWithAnEmptyStringClearsTheField(): void
    {
        $created = $this->client->create('Contacts', [
            'lastname' => 'Clear', 'mailingcity' => 'Paris', 'assigned_user_id' => self::ADMIN_ID,
        ]);

        $this->client->update(['id' => $created['id'], 'lastname' => 'Clear', 'mailingcity' => '',
            'assigned_user_id' => self::ADMIN_ID]);

        self::assertSame('', $this->client->retrieve($created['id'])['mailingcity']);
    }

    public function testUpdateWithoutMandatoryFieldsFails(): void
    {
        $created = $this->client->create('Contacts', ['lastname' => 'Strict', 'assigned_user_id' => self::ADMIN_ID]);

        $e = self::apiError(fn () => $this->client->update(['id' => $created['id'], 'lastname' => '']));
        self::assertSame('MANDATORY_FIELDS_MISSING', $e->getVtigerCode());
        self::assertSame('update', $e->getOperation());
    }

    public function testReviseChangesOnlyTheGivenFields(): void
    {
        $created = $this->client->create('Contacts', [
            'firstname' => 'Taro', 'lastname' => '山田', 'mailingcity' => 'Osaka',
            'description' => 'Keeps "quotes" & <b>tags</b>', 'assigned_user_id' => self::ADMIN_ID,
        ]);

        $revised = $this->client->revise(['id' => $created['id'], 'mailingcity' => '大阪市']);
        $stored = $this->client->retrieve($created['id']);

        self::assertSame('大阪市', $revised['mailingcity']);
        self::assertSame('大阪市', $stored['mailingcity']);
        self::assertSame('Taro', $stored['firstname']);
        self::assertSame('山田', $stored['lastname']);
        self::assertSame('Keeps "quotes" & <b>tags</b>', $stored['description']);
    }

    public function testCreateWithoutMandatoryFieldsIsMandatoryFieldsMissing(): void
    {
        $e = self::apiError(fn () => $this->client->create('Contacts', ['firstname' => 'No last name',
            'assigned_user_id' => self::ADMIN_ID]));

        self::assertSame('MANDATORY_FIELDS_MISSING', $e->getVtigerCode());
        self::assertSame('create', $e->getOperation());
        self::assertStringContainsString('lastname', $e->getMessage());
    }

    public function testDuplicateAccountHasVtigerCodeZero(): void
    {
        $element = ['accountname' => 'Duplicate Test KK 重複', 'assigned_user_id' => self::ADMIN_ID];
        $this->client->create('Accounts', $element);

        $e = self::apiError(fn () => $this->client->create('Accounts', $element));

        self::assertSame('0', $e->getVtigerCode());
        self::assertStringContainsString('Duplicate', $e->getMessage());
    }

    public function testDeleteRemovesTheRecord(): void
    {
        $created = $this->client->create('Contacts', ['lastname' => 'Doomed', 'assigned_user_id' => self::ADMIN_ID]);

        self::assertNull($this->client->delete($created['id']));

        $e = self::apiError(fn () => $this->client->retrieve($created['id']));
        self::assertSame('ACCESS_DENIED', $e->getVtigerCode());
        self::assertSame('ACCESS_DENIED', self::apiError(fn () => $this->client->delete($created['id']))->getVtigerCode());
    }

    public function testRetrieveOfAMalformedIdIsAnApiError(): void
    {
        $e = self::apiError(fn () => $this->client->retrieve('abc'));

        self::assertSame('ACCESS_DENIED', $e->getVtigerCode());
        self::assertSame('retrieve', $e->getOperation());
    }

    public function testUnknownModuleIsAccessDenied(): void
    {
        $e = self::apiError(fn () => $this->client->create('NoSuchModule', ['x' => 'y']));

        self::assertSame('ACCESS_DENIED', $e->getVtigerCode());
    }

    public function testValuesWithUrlSpecialCharactersSurviveTheFormEncoding(): void
    {
        $hostile = 'a&b=c+d%20e;f?g#h/i\\j \'k" <l>';
        $created = $this->client->create('Contacts', ['lastname' => $hostile, 'assigned_user_id' => self::ADMIN_ID]);

        self::assertSame($hostile, $this->client->retrieve($created['id'])['lastname']);
    }

    public function testRetrieveFileReturnsTheAttachmentBytes(): void
    {
        $documents = $this->client->query("SELECT * FROM Documents WHERE filename = 'hello.txt'");
        self::assertNotEmpty($documents, 'the seeded document is missing');
        // Query rows leave it out; retrieve names the document's attachment.
        $attachmentId = $this->client->retrieve($documents[0]['id'])['imageattachmentids'] ?? '';
        self::assertMatchesRegularExpression('/^15x\d+$/', $attachmentId);

        $file = $this->client->retrieveFile($attachmentId);

        self::assertSame("Hello from vtws: é 日本\n", $file['content']);
        self::assertArrayNotHasKey('filecontents', $file);
        self::assertSame('hello.txt', $file['filename']);
    }

    public function testRetrieveFileOfTheDocumentIdIsRecordNotFound(): void
    {
        $documents = $this->client->query("SELECT * FROM Documents WHERE filename = 'hello.txt'");
        self::assertNotEmpty($documents);

        $e = self::apiError(fn () => $this->client->retrieveFile($documents[0]['id']));
        self::assertSame('RECORD_NOT_FOUND', $e->getVtigerCode());
    }

    public function testConvertLeadCreatesAnAccountAndAContact(): void
    {
        $lead = $this->client->create('Leads', ['firstname' => 'Convert', 'lastname' => 'Меня',
            'company' => 'Convert Me 株式会社', 'assigned_user_id' => self::ADMIN_ID]);

        $result = $this->client->convertLead([
            'leadId' => $lead['id'],
            'assignedTo' => self::ADMIN_ID,
            'entities' => [
                'Accounts' => ['create' => true, 'name' => 'Accounts', 'accountname' => 'Convert Me 株式会社'],
                'Contacts' => ['create' => true, 'name' => 'Contacts', 'lastname' => 'Меня'],
            ],
        ]);

        self::assertMatchesRegularExpression('/^11x\d+$/', (string) ($result['Accounts'] ?? ''));
        self::assertMatchesRegularExpression('/^12x\d+$/', (string) ($result['Contacts'] ?? ''));
        self::assertSame('Меня', $this->client->retrieve($result['Contacts'])['lastname']);
    }
}
