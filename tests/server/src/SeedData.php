<?php

declare(strict_types=1);

namespace Vtws\TestServer;

/**
 * Deterministic seed content: users, the records the fixtures refer to, and a
 * generator of varied contacts (Latin, accented, Cyrillic, Japanese, and values with
 * quotes, apostrophes, ampersands, tags, backslashes, newlines and tabs).
 */
final class SeedData
{
    /** [id, user_name, first, last, email, is_admin, status, access key] */
    public const USERS = [
        [1, 'admin', 'Admin', 'Administrator', 'admin@example.com', 'on', 'Active', 'vtwsAdminAccessK'],
        [5, 'jdoe', 'John', 'Doe', 'jdoe@example.com', 'off', 'Active', 'jdoeAccessKey123'],
        [6, 'olduser', 'Old', 'User', 'olduser@example.com', 'off', 'Inactive', 'inactiveKey12345'],
        [7, 'nokey', 'No', 'Key', 'nokey@example.com', 'off', 'Active', ''],
    ];

    private const FIRST = ['William', 'Zoë', 'Chloé', 'Søren', 'Łukasz', 'Иван', 'Мария', '太郎', '花子', 'Barbara',
        'Kevin', 'Richard', 'Emily', 'José', 'François', 'Дмитрий', 'Deborah', 'Joshua', 'Daniel', '健'];
    private const LAST = ["O'Brien", 'Smith', 'Smith-Jones', 'Müller', 'Garcia', 'Смирнова', 'Кузнецов', '佐藤', '鈴木',
        'Brown', 'Thompson', 'Lewis', 'Martinez', 'Østergaard', 'Johnson', "D'Angelo", 'Иванова', '高橋', 'Lefèvre'];
    private const CITIES = ['Tokyo', 'Berlin', 'Москва', 'New York', 'Paris', '東京都', 'São Paulo', 'Zürich'];
    private const SOURCES = ['Partner', 'Trade Show', 'Web Site', 'Cold Call', 'Self Generated', 'Other', 'Employee'];
    private const TITLES = ['CEO', 'CFO', 'Head of R&D', 'Engineer <b>Senior</b>', 'Sales "Lead"', '営業部長', 'Директор', ''];
    private const DEPARTMENTS = ['Support', 'Purchasing', 'R&D', 'Back\\Office', 'Отдел продаж', '経理部', ''];
    private const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', ''];

    /** Accounts seeded at fixed ids (the fixtures use 11x2, 11x15 and 11x19). */
    public static function account(int $n): array
    {
        $names = ['Acme Kabushiki Kaisha (株式会社アクメ)', 'Globex & Söhne GmbH', 'ООО "Ромашка"', "O'Reilly <Media>",
            'Initech\\Labs', 'Umbrella Corp.'];
        $element = ['accountname' => $names[$n], 'industry' => ['Manufacturing', 'Technology', 'Retail'][$n % 3],
            'accounttype' => 'Customer', 'assigned_user_id' => '19x1', 'bill_city' => self::CITIES[$n % 8]];
        if ($n === 0) {
            $element += ['website' => 'https://acme.example.com/', 'phone' => '+81 3-1234-5678',
                'email1' => 'info@acme.example.com', 'employees' => '250', 'annual_revenue' => '1250000.50',
                'bill_street' => "丸の内1-1-1\n千代田区", 'bill_country' => 'Japan'];
        }
        return $element;
    }

    /** The contact of the create-contact fixture: the main test contact 12x3. */
    public static function mainContact(): array
    {
        return ['salutationtype' => 'Mr.', 'firstname' => 'John', 'lastname' => "O'Brien-Smith",
            'email' => 'john.obrien@example.com', 'phone' => '+1 (212) 555-0100', 'mobile' => '+1 917 555 0199',
            'title' => 'Head of R&D', 'department' => 'R&D', 'leadsource' => 'Web Site', 'birthday' => '1980-04-15',
            'mailingstreet' => "350 Fifth Avenue\nSuite 5", 'mailingcity' => 'New York', 'mailingstate' => 'NY',
            'mailingzip' => '10118', 'mailingcountry' => 'USA',
            'description' => 'Likes "quotes", <b>tags</b> & ampersands; 100% sure.', 'emailoptout' => '1',
            'account_id' => '11x2', 'assigned_user_id' => '19x1'];
    }

    /** Contacts 12x4..12x9 mirror the fixtures' error-case and Unicode contacts. */
    public static function specialContacts(): array
    {
        $base = ['firstname' => 'Err', 'lastname' => 'Case', 'assigned_user_id' => '19x1'];
        return [
            $base + ['leadsource' => 'Not A Real Source'],
            $base + ['email' => 'not-an-email'],
            $base + ['birthday' => '1999-12-31'],
            ['salutationtype' => 'Mr.', 'firstname' => '太郎', 'lastname' => '山田', 'email' => 'taro.yamada@example.jp',
                'mailingcity' => '東京都', 'mailingcountry' => '日本', 'title' => '営業部長', 'department' => 'Отдел продаж',
                'description' => "Русский: Иван Петрович\n日本語: こんにちは", 'assigned_user_id' => '19x1'],
            ['firstname' => 'Иван', 'lastname' => 'Петров', 'email' => 'ivan.petrov@example.ru',
                'mailingcity' => 'Москва', 'assigned_user_id' => '19x1'],
            ['firstname' => 'Emoji 😀 test', 'lastname' => 'Smile😀Face', 'description' => 'before 🎉 after',
                'assigned_user_id' => '19x1'],
        ];
    }

    /** A generated contact; $n drives every choice so the data is reproducible. */
    public static function contact(int $n, array $accountIds): array
    {
        $first = self::FIRST[$n % count(self::FIRST)];
        $last = self::LAST[($n * 7) % count(self::LAST)];
        $local = strtolower((string) preg_replace('/[^A-Za-z]/', '', $first . $last)) ?: 'contact';
        $element = [
            'salutationtype' => self::SALUTATIONS[$n % count(self::SALUTATIONS)],
            'firstname' => $first, 'lastname' => $last,
            'email' => $local . $n . '@example.' . ['com', 'jp', 'ru', 'de'][$n % 4],
            'phone' => sprintf('+1 (%03d) %03d-%04d', 200 + ($n * 37) % 800, ($n * 53) % 1000, ($n * 7919) % 10000),
            'title' => self::TITLES[$n % count(self::TITLES)],
            'department' => self::DEPARTMENTS[$n % count(self::DEPARTMENTS)],
            'leadsource' => self::SOURCES[$n % count(self::SOURCES)],
            'mailingcity' => self::CITIES[$n % count(self::CITIES)],
            'mailingstreet' => ($n % 5 === 0) ? "{$n} Main St.\nApt \"B\"" : "{$n} Market Street",
            'birthday' => sprintf('%04d-%02d-%02d', 1950 + $n % 50, 1 + $n % 12, 1 + $n % 28),
            'emailoptout' => (string) ($n % 2),
            'description' => match ($n % 4) {
                0 => "Tab\tand newline\nsecond line",
                1 => 'Path C:\\temp\\new & <i>italic</i>',
                2 => "It's \"quoted\"",
                default => '',
            },
            'assigned_user_id' => '19x1',
        ];
        // About 60 % of the contacts belong to an account.
        if ($accountIds !== [] && $n % 5 < 3) {
            $element['account_id'] = '11x' . $accountIds[$n % count($accountIds)];
        }
        return $element;
    }
}
