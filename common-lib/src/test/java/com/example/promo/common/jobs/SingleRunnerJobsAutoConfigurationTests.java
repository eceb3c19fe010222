package com.example.promo.common.jobs;

import java.util.Optional;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a service gets ShedLock's lock provider from common-lib: with a database, once,
 * unless it declares its own.
 */
class SingleRunnerJobsAutoConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SingleRunnerJobsAutoConfiguration.class));

	@Test
	void locksJobsInTheServicesDatabase() {
		this.contexts.withBean(JdbcTemplate.class, () -> new JdbcTemplate(dataSource()))
			.run((context) -> assertThat(context).hasSingleBean(LockProvider.class)
				.getBean(LockProvider.class)
				.isInstanceOf(JdbcTemplateLockProvider.class));
	}

	@Test
	void staysOffWithoutADatabase() {
		this.contexts.run((context) -> assertThat(context).doesNotHaveBean(LockProvider.class));
	}

	@Test
	void leavesAServicesOwnLockProviderAlone() {
		LockProvider own = (configuration) -> Optional.empty();
		this.contexts.withBean(JdbcTemplate.class, () -> new JdbcTemplate(dataSource()))
			.withBean(LockProvider.class, () -> own)
			.run((context) -> assertThat(context.getBean(LockProvider.class)).isSameAs(own));
	}

	private static DataSource dataSource() {
		return new SimpleDriverDataSource();
	}

}
