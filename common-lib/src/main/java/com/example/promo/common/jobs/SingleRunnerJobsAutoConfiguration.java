package com.example.promo.common.jobs;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * ShedLock for a service's single-runner jobs ({@code @Scheduled} methods annotated
 * {@code @SchedulerLock}: point expiry, hold expiry, compensation retries, outbox
 * resubmission): one instance at a time runs each, with locks in the service's
 * {@code shedlock} table (its Flyway schema creates it) timed by the database's clock, so
 * instances whose clocks disagree still agree on who holds a lock. A lock is held at most
 * 5 minutes unless the job says otherwise. Active for a service that has ShedLock's JDBC
 * provider on its class path and a {@link JdbcTemplate}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration")
@ConditionalOnClass({ JdbcTemplateLockProvider.class, EnableSchedulerLock.class, JdbcTemplate.class })
@ConditionalOnBean(JdbcTemplate.class)
@EnableSchedulerLock(defaultLockAtMostFor = "PT5M")
public class SingleRunnerJobsAutoConfiguration {

	/**
	 * @param jdbc the service's database
	 * @return locks in its {@code shedlock} table, on database time
	 */
	@Bean
	@ConditionalOnMissingBean
	LockProvider lockProvider(JdbcTemplate jdbc) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(jdbc)
			.withTableName("shedlock")
			.usingDbTime()
			.build());
	}

}
